"""The public edition of the minutes: a case withheld whole shows its number, its
public title and the line; the board's minutes keep all of it."""

import pytest

from meetings.minutes import MINUTES
from meetings.minutes_forms import MinutesForm
from publicaccess.models import LegalBasis, PublicEdition, Withholding
from reports.publishing import publish
from tests.meetings.minutes_data import attendance_post, minutes_meeting

pytestmark = pytest.mark.django_db

MARKER = "Tyttebærsyltetøy"


def test_minutes_public_edition_shows_the_public_title_and_withholds_the_case(administrator):
    data = minutes_meeting()
    case = data.decision_case
    case.title = f"Avtale med {MARKER} AS"
    case.public_title = "Sikkerhetspartner"
    case.decision_remarks = f"Leverandøren {MARKER} ble drøftet."
    case.save()
    Withholding.objects.create(
        case=case,
        part=Withholding.Part.WHOLE,
        basis=LegalBasis.objects.get(label="offl. § 23 første ledd"),
        more_access=False,
    )
    form = MinutesForm(data.meeting, attendance_post(data))
    assert form.is_valid()
    form.save(user=administrator)

    version = publish(MINUTES, data.meeting, user=administrator, notify=False)
    edition = PublicEdition.objects.get(kind=PublicEdition.Kind.MINUTES, object_id=version.pk)

    board, public = version.html.read().decode(), edition.html.read().decode()
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
    data = minutes_meeting()
    case = data.decision_case
    case.decision_remarks = f"Enstemmig, etter drøfting av {MARKER}."
    case.save()
    Withholding.objects.create(
        case=case,
        part=Withholding.Part.DECISION,
        basis=LegalBasis.objects.get(label="offl. § 14"),
        more_access=False,
    )
    form = MinutesForm(data.meeting, attendance_post(data))
    assert form.is_valid()
    form.save(user=administrator)

    version = publish(MINUTES, data.meeting, user=administrator, notify=False)
    edition = PublicEdition.objects.get(kind=PublicEdition.Kind.MINUTES, object_id=version.pk)

    public = edition.html.read().decode()
    assert MARKER in version.html.read().decode()
    assert MARKER not in public
    assert "offl. § 14</p>" in public
