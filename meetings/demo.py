"""Demo: Samarbeidsrådet's members and deputies (fixtures/board-members.json), linked to
the demo board member's account. Safe to run again: it updates by name."""

import datetime
import json

from django.conf import settings
from django.contrib.auth import get_user_model

from meetings.models import BoardMember
from ror_portal.models import Municipality


def load() -> None:
    data = json.loads(
        (settings.BASE_DIR / "fixtures" / "board-members.json").read_text(encoding="utf-8")
    )
    serves_from = datetime.date.fromisoformat(data["serves_from"])
    for spec in data["members"]:
        username = spec.get("user")
        BoardMember.objects.update_or_create(
            name=spec["name"],
            defaults={
                "municipality": Municipality.objects.get(name=spec["municipality"]),
                "role": spec["role"],
                "title": spec["title"],
                "email": "" if username else demo_address(spec["name"]),
                "user": get_user_model().objects.get(username=username) if username else None,
                "serves_from": serves_from,
            },
        )


def demo_address(name: str) -> str:
    """A made-up address on the demo domain, as the demo users have."""
    local = name.lower().replace(" ", ".").translate(str.maketrans("æøå", "eoa"))
    return f"{local}@demo.ror-ikt.no"
