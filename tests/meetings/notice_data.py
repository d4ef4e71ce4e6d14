"""Shared data of the notice and calendar tests: a board and a meeting to call."""

import datetime

from django.utils import timezone

from meetings.models import BoardMember
from ror_portal.models import Municipality
from tests.factories import BoardMeetingFactory, CaseFactory, UserFactory


def board(*, serving_from=datetime.date(2024, 1, 1)) -> dict[str, BoardMember]:
    """A member with an address of her own, a deputy with only a portal account's, one
    with no address at all, and one whose period ended before 2024."""
    molde = Municipality.objects.get(slug="molde")
    aukra = Municipality.objects.get(slug="aukra")

    return {
        "own": BoardMember.objects.create(
            name="Kari Molde",
            municipality=molde,
            email="kari@molde.kommune.no",
            serves_from=serving_from,
        ),
        "account": BoardMember.objects.create(
            name="Per Aukra",
            municipality=aukra,
            role=BoardMember.Role.DEPUTY,
            user=UserFactory(email="per@aukra.kommune.no"),
            serves_from=serving_from,
        ),
        "none": BoardMember.objects.create(
            name="Ola Uten", municipality=aukra, serves_from=serving_from
        ),
        "gone": BoardMember.objects.create(
            name="Tidligere Medlem",
            municipality=molde,
            email="gammel@molde.kommune.no",
            serves_from=datetime.date(2020, 1, 1),
            serves_until=datetime.date(2023, 12, 31),
        ),
    }


def meeting_to_call(*, drafts_only: bool = False, **fields):
    """Meeting 2024/M1 on 14.02.2024 at 13:00 in Molde rådhus: case 002 published (unless
    drafts_only) and case 001 a draft with a proposal the e-mail must never show."""
    fields = {"starts_at": datetime.time(13, 0), "place": "Molde rådhus", **fields}
    meeting = BoardMeetingFactory(**fields)
    CaseFactory(
        meeting=meeting,
        number=f"{meeting.number}-002",
        title="Sikkerhetspartner",
        published_at=None if drafts_only else timezone.now(),
    )
    CaseFactory(
        meeting=meeting,
        number=f"{meeting.number}-001",
        title="Godkjenning av innkalling",
        published_at=None,
        proposed_decision="Hemmelig forslag om innkjøp.",
    )
    return meeting
