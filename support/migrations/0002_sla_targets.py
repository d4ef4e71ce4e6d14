import datetime

from django.db import migrations

# The service-level agreement of ROR-IKT (reference 2.1.2.6–2.1.2.7).
TARGETS = [
    ("low", datetime.timedelta(days=5), None),
    ("medium", datetime.timedelta(days=3), None),
    ("high", datetime.timedelta(hours=4), datetime.timedelta(hours=1)),
    ("critical", datetime.timedelta(hours=2), datetime.timedelta(minutes=15)),
]


def create(apps, schema_editor):
    SlaTarget = apps.get_model("support", "SlaTarget")
    for priority, resolution, response in TARGETS:
        SlaTarget.objects.get_or_create(
            priority=priority, defaults={"resolution": resolution, "response": response}
        )


def remove(apps, schema_editor):
    apps.get_model("support", "SlaTarget").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("support", "0001_initial")]

    operations = [migrations.RunPython(create, remove)]
