from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def first(queryset, field: str):
    return Subquery(queryset.order_by(field).values(field)[:1])


def publish_what_readers_see(apps, schema_editor):
    """Cases are drafts from now on, but none that readers could open disappears: a case
    of a meeting with a published report, or with a published case document of its own,
    counts as published since the first of those (or since it was made, if later). The
    others, which readers never saw, become drafts."""
    Case = apps.get_model("reports", "Case")
    ReportVersion = apps.get_model("reports", "ReportVersion")
    CaseDocumentVersion = apps.get_model("reports", "CaseDocumentVersion")
    HistoricalCase = apps.get_model("reports", "HistoricalCase")
    cases = Case.objects.annotate(
        report_published=first(
            ReportVersion.objects.filter(report__meeting=OuterRef("meeting")), "published_at"
        ),
        document_published=first(
            CaseDocumentVersion.objects.filter(case=OuterRef("pk")), "published_at"
        ),
        made=first(HistoricalCase.objects.filter(id=OuterRef("pk")), "history_date"),
    )
    for case in cases:
        published = [d for d in (case.report_published, case.document_published) if d]
        if published:
            since = min(published)
            case.published_at = max(since, case.made) if case.made else since
            case.save(update_fields=["published_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0007_version_notice_state"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="published_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="published at"
            ),
        ),
        migrations.AddField(
            model_name="historicalcase",
            name="published_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="published at"
            ),
        ),
        migrations.RunPython(publish_what_readers_see, migrations.RunPython.noop),
    ]
