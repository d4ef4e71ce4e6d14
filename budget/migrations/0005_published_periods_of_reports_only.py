from django.db import migrations


def periods_of_published_reports_only(apps, schema_editor):
    """Publishing a case document recorded its meeting's month and day as a published
    report's period, so the finance page opened on a month no report was published for
    (or on a published report's month at the meeting's day). Each period is now that of
    the month's published monthly report, or gone."""
    PublishedPeriod = apps.get_model("budget", "PublishedPeriod")
    MonthlyReport = apps.get_model("reports", "MonthlyReport")
    for period in PublishedPeriod.objects.all():
        report = MonthlyReport.objects.filter(month=period.month, versions__isnull=False).first()
        if report is None:
            period.delete()
        elif period.as_of != report.as_of:
            period.as_of = report.as_of
            period.save(update_fields=["as_of"])


class Migration(migrations.Migration):
    dependencies = [
        ("budget", "0004_finance_periods"),
        ("reports", "0008_case_published_at"),
    ]

    operations = [
        migrations.RunPython(periods_of_published_reports_only, migrations.RunPython.noop),
    ]
