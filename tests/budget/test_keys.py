from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from budget.models import AllocationKey, CostItem, Population
from budget.services import allocation_key_compute, shares_validate
from reports.publishing import report_publish
from ror_portal.models import Municipality
from ror_portal.roles import Role
from tests.factories import KEY_2024, BudgetLineFactory, SectionFactory, allocation_key

pytestmark = pytest.mark.django_db


def shares(percents):
    return {Municipality.objects.get(slug=slug): Decimal(p) for slug, p in percents.items()}


def messages_of(error: ValidationError) -> list[str]:
    return error.value.messages


def test_the_2024_key_is_valid():
    shares_validate(year=2024, shares=shares(KEY_2024))


def test_shares_must_sum_to_exactly_100():
    with pytest.raises(ValidationError) as error:
        shares_validate(year=2024, shares=shares({**KEY_2024, "vestnes": "12.77"}))
    assert messages_of(error) == ["Andelene summerer til 99,99\xa0%, ikke 100,00 %."]


def test_every_member_of_the_year_and_only_members():
    percents = {k: v for k, v in KEY_2024.items() if k != "hustadvika"}
    with pytest.raises(ValidationError) as error:
        shares_validate(year=2024, shares=shares({**percents, "molde": "66.82"}))
    assert messages_of(error) == ["Hustadvika har ingen andel."]
    with pytest.raises(ValidationError) as error:
        shares_validate(year=2022, shares=shares({**percents, "molde": "66.82", "hustadvika": "0"}))
    assert "Hustadvika er ikke medlem i 2022." in messages_of(error)


def test_no_negative_share():
    with pytest.raises(ValidationError) as error:
        shares_validate(year=2024, shares=shares({**KEY_2024, "aukra": "-8.09", "molde": "63.28"}))
    assert "Aukra har en negativ andel." in messages_of(error)


def test_a_key_computed_from_inhabitants():
    for slug, count in [
        ("aukra", 3600),
        ("hustadvika", 13300),
        ("molde", 32600),
        ("rauma", 7500),
        ("vestnes", 6700),
    ]:
        Population.objects.create(
            municipality=Municipality.objects.get(slug=slug), year=2024, inhabitants=count
        )
    key = allocation_key_compute(year=2024, name="Innbyggernøkkel", equal_percent=Decimal(30))
    percents = {s.municipality.slug: s.percent for s in key.shares.all()}
    assert percents == {
        "aukra": Decimal("9.96"),
        "hustadvika": Decimal("20.62"),
        "molde": Decimal("41.82"),
        "rauma": Decimal("14.24"),
        "vestnes": Decimal("13.36"),
    }
    assert "30,00" in key.basis


def test_a_computed_key_needs_every_members_inhabitants():
    Population.objects.create(
        municipality=Municipality.objects.get(slug="molde"), year=2024, inhabitants=32600
    )
    with pytest.raises(ValidationError, match="mangler for: Aukra, Hustadvika, Rauma, Vestnes"):
        allocation_key_compute(year=2024, name="X", equal_percent=Decimal(30))
    assert not AllocationKey.objects.exists()


def test_a_key_used_in_a_published_report_is_locked(administrator, client_for):
    key = allocation_key(2023, {**KEY_2024})
    line = BudgetLineFactory(year=2023, annual_budget=1000)
    from budget.services import actuals_save

    actuals_save(year=2023, month=12, amounts={line.pk: Decimal(1100)})
    CostItem.objects.create(year=2023, name="Merforbruk", key=key, source="operating_deviation")
    section = SectionFactory(block="budget.operating_result")
    other_key = allocation_key(2023, KEY_2024, name="Ubrukt")

    report_publish(report=section.report, user=administrator)
    key.refresh_from_db()
    other_key.refresh_from_db()
    assert key.locked_at is not None
    assert other_key.locked_at is None

    admin = client_for(Role.ADMINISTRATOR)
    change = reverse("admin:budget_allocationkey_change", args=[key.pk])
    response = admin.post(change, {"name": "Endret", "year": 2023})
    assert response.status_code == 403
    key.refresh_from_db()
    assert key.name != "Endret"
    assert (
        admin.post(
            reverse("admin:budget_allocationkey_delete", args=[key.pk]), {"post": "yes"}
        ).status_code
        == 403
    )


def test_the_admin_refuses_a_key_that_does_not_sum_to_100(client_for):
    admin = client_for(Role.ADMINISTRATOR)
    municipalities = list(Municipality.objects.all())
    data = {
        "year": 2024,
        "name": "Feil",
        "basis": "",
        "shares-TOTAL_FORMS": 5,
        "shares-INITIAL_FORMS": 0,
        "shares-MIN_NUM_FORMS": 0,
        "shares-MAX_NUM_FORMS": 1000,
    }
    for index, municipality in enumerate(municipalities):
        data[f"shares-{index}-municipality"] = municipality.pk
        data[f"shares-{index}-percent"] = "20,01" if index == 0 else "20"
    response = admin.post(reverse("admin:budget_allocationkey_add"), data)
    assert response.status_code == 200
    assert "Andelene summerer til 100,01\xa0%, ikke 100,00 %." in response.content.decode()
    assert not AllocationKey.objects.exists()


def test_a_year_is_named_once():
    """The admin's lists, choices and messages name a record by its str: the year that
    the name already says is not repeated ("Fordelingsnøkkel 2025 2025" was shown)."""
    assert str(AllocationKey(name="Fordelingsnøkkel 2025", year=2025)) == "Fordelingsnøkkel 2025"
    assert str(AllocationKey(name="Innbyggertall", year=2025)) == "Innbyggertall (2025)"
    assert str(CostItem(name="Merforbruk drift 2025", year=2025)) == "Merforbruk drift 2025"
    assert str(CostItem(name="SOC+ (Atea)", year=2025)) == "SOC+ (Atea) (2025)"


def test_a_share_is_named_with_a_decimal_comma():
    from budget.models import AllocationShare

    share = AllocationShare(municipality=Municipality(name="Aukra"), percent=Decimal("10.43"))
    assert str(share) == "Aukra 10,43\xa0%"
