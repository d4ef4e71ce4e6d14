import datetime

from django.db import migrations

# The reference document does not say when ROR-IKT was founded; the four first
# members' start is a placeholder administrators can correct. Hustadvika joined
# in 2023 (section 2.2.4 of the reference).
MEMBERS = [
    ("Aukra", "aukra", datetime.date(2010, 1, 1)),
    ("Hustadvika", "hustadvika", datetime.date(2023, 1, 1)),
    ("Molde", "molde", datetime.date(2010, 1, 1)),
    ("Rauma", "rauma", datetime.date(2010, 1, 1)),
    ("Vestnes", "vestnes", datetime.date(2010, 1, 1)),
]
GROUPS = ["Administrator", "Styremedlem", "Økonomi"]


def create(apps, schema_editor):
    Municipality = apps.get_model("ror_portal", "Municipality")
    Group = apps.get_model("auth", "Group")
    for name, slug, member_from in MEMBERS:
        Municipality.objects.get_or_create(
            slug=slug, defaults={"name": name, "member_from": member_from}
        )
    for name in GROUPS:
        Group.objects.get_or_create(name=name)


def remove(apps, schema_editor):
    apps.get_model("ror_portal", "Municipality").objects.filter(
        slug__in=[slug for _, slug, _ in MEMBERS]
    ).delete()
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("ror_portal", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create, remove)]
