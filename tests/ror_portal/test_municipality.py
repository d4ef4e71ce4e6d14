import datetime

import pytest
from django.core.exceptions import ValidationError

from ror_portal.models import Municipality


@pytest.mark.django_db
def test_the_five_members_are_data():
    assert list(Municipality.objects.values_list("name", flat=True)) == [
        "Aukra",
        "Hustadvika",
        "Molde",
        "Rauma",
        "Vestnes",
    ]


@pytest.mark.django_db
def test_hustadvika_is_a_member_from_2023():
    assert "Hustadvika" not in Municipality.objects.members_in_year(2022).values_list(
        "name", flat=True
    )
    assert Municipality.objects.members_in_year(2023).count() == 5
    assert Municipality.objects.members_on(datetime.date(2022, 12, 31)).count() == 4


@pytest.mark.django_db
def test_a_former_member_is_not_a_member_after_it_left():
    Municipality.objects.create(
        name="Eide",
        slug="eide",
        member_from=datetime.date(2010, 1, 1),
        member_until=datetime.date(2019, 12, 31),
    )
    assert Municipality.objects.members_in_year(2019).filter(slug="eide").exists()
    assert (
        not Municipality.objects.members_on(datetime.date(2020, 1, 1)).filter(slug="eide").exists()
    )


@pytest.mark.django_db
def test_names_sort_the_norwegian_way():
    for name, slug in [
        ("Ålesund", "alesund"),
        ("Ørsta", "orsta"),
        ("Ærø", "aero"),
        ("Zeta", "z"),
        ("Ågotnes", "agotnes"),
    ]:
        Municipality.objects.create(name=name, slug=slug, member_from=datetime.date(2024, 1, 1))
    names = list(Municipality.objects.values_list("name", flat=True))
    assert names[-6:] == ["Vestnes", "Zeta", "Ærø", "Ørsta", "Ågotnes", "Ålesund"]


def test_membership_cannot_end_before_it_starts():
    municipality = Municipality(
        name="X",
        slug="x",
        member_from=datetime.date(2024, 1, 1),
        member_until=datetime.date(2023, 1, 1),
    )
    with pytest.raises(ValidationError) as error:
        municipality.clean()
    assert "member_until" in error.value.message_dict
