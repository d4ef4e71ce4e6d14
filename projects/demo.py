"""Demo: the building projects of the reference and their week-5 status, from
fixtures/projects-week-5.json."""

import datetime
import json

from django.conf import settings
from django.db import transaction

from projects.models import BuildingProject, StatusUpdate
from ror_portal.models import Municipality

Status = StatusUpdate.Status

# The statuses as the reference writes them (its text, not the interface's).
REFERENCE_STATUSES = {
    "På plan": Status.ON_PLAN,
    "Mindre forsinkelser": Status.MINOR_DELAYS,
    "Utsatt": Status.POSTPONED,
    "Uavklart status": Status.UNCLEAR,
    "Ferdig": Status.FINISHED,
}
ALL_MUNICIPALITIES = "Alle"


@transaction.atomic
def load() -> None:
    data = json.loads((settings.BASE_DIR / "fixtures/projects-week-5.json").read_text("utf-8"))
    date = datetime.date.fromisoformat(data["date"])
    municipalities = {m.name: m for m in Municipality.objects.all()}
    for order, spec in enumerate(data["projects"], start=1):
        name = spec["municipality"]
        project, _ = BuildingProject.objects.update_or_create(
            title=spec["title"],
            defaults={
                "municipality": None if name == ALL_MUNICIPALITIES else municipalities[name],
                "active": True,
                "order": order * 10,
            },
        )
        StatusUpdate.objects.update_or_create(
            project=project,
            date=date,
            defaults={"status": REFERENCE_STATUSES[spec["status"]], "comment": spec["comment"]},
        )
