"""The public edition of the minutes: a case withheld whole shows its number, its
public title and the line; a withheld decision takes its votes and remarks with it;
the board's minutes keep all of it."""

import pytest

from meetings.minutes import MINUTES
from meetings.minutes_forms import MinutesForm
from publicaccess.models import LegalBasis, PublicEdition, Withholding
from reports.publishing import publish
from tests.meetings.minutes_data import attendance_post, minutes_meeting

pytestmark = pytest.mark.django_db

MARKER = "Tyttebærsyltetøy"


def published(administrator, part: str, basis: str, **case_fields):
    """The minutes of a meeting whose decision case is marked, published: the board's
    HTML, the public edition's HTML and the edition."""
    data = minutes_meeting()
    case = data.decision_case
    for name, value in case_fields.items():
        setattr(case, name, value)
    case.save()
    Withholding.objects.create(
        case=case, part=part, basis=LegalBasis.objects.get(label=basis), more_access=False
    )
    form = MinutesForm(data.meeting, attendance_post(data))
    assert form.is_valid()
    form.save(user=administrator)
    version = publish(MINUTES, data.meeting, user=administrator, notify=False)
    edition = PublicEdition.objects.get(kind=PublicEdition.Kind.MINUTES, object_id=version.pk)
    return data, version.html.read().decode(), edition.html.read().decode(), edition


def test_minutes_public_edition_shows_the_public_title_and_withholds_the_case(administrator):
    data, board, public, edition = published(
        administrator,
        Withholding.Part.WHOLE,
        "offl. § 23 første ledd",
        title=f"Avtale med {MARKER} AS",
        public_title="Sikkerhetspartner",
        decision_remarks=f"Leverandøren {MARKER} ble drøftet.",
    )
    case = data.decision_case

    assert board.count(MARKER) == 2
    assert MARKER not in public and MARKER not in edition.text
    assert f"{case.number} Sikkerhetspartner" in public
    assert "offl. § 23 første ledd</p>" in public
    # The other case, not marked, is as the board's.
    assert data.orientation_case.proposed_decision in public
    assert edition.withheld == [
        {"what": f"{case.number} Sikkerhetspartner", "basis": "offl. § 23 første ledd"}
    ]


def test_a_withheld_decision_takes_its_votes_and_remarks_with_it(administrator):
    _data, board, public, _edition = published(
        administrator,
        Withholding.Part.DECISION,
        "offl. § 14",
        decision_remarks=f"Enstemmig, etter drøfting av {MARKER}.",
    )

    assert MARKER in board
    assert MARKER not in public
    assert "offl. § 14</p>" in public


def test_a_public_title_alone_makes_a_public_pdf_of_its_own(administrator):
    data = minutes_meeting()
    data.decision_case.title = f"Avtale med {MARKER} AS"
    data.decision_case.public_title = "Sikkerhetspartner"
    data.decision_case.save()
    form = MinutesForm(data.meeting, attendance_post(data))
    assert form.is_valid()
    form.save(user=administrator)

    version = publish(MINUTES, data.meeting, user=administrator, notify=False)
    edition = PublicEdition.objects.get(kind=PublicEdition.Kind.MINUTES, object_id=version.pk)

    assert edition.withheld == []
    assert edition.pdf_sha256 != version.pdf_sha256
    public = edition.html.read().decode()
    assert MARKER not in public
    assert f"{data.decision_case.number} Sikkerhetspartner" in public
