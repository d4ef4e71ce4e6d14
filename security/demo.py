"""Demo: the SOC+ agreement with Atea of case 2024/M1-004, its price tiers, the
server count of 01.02.2024 and the cost item that splits its 2024 cost."""

import datetime
import json
from decimal import Decimal

from django.conf import settings

from budget.models import AllocationKey, CostItem
from security.models import DocumentStatus, PriceTier, SecurityAgreement, ServerCount
from security.selectors import SOURCE

FIGURES = {
    "vendor": "Atea",
    "service": "SOC+ med IBM QRadar",
    "framework_partners": "ROR-IKT\neKommune Sunnmøre\nSøre Sunnmøre IKT\nStranda kommune\n"
    "Sykkylven kommune",
    "case_number": "2024/M1-004",
    "first_year": 2024,
    "establishment_cost": Decimal(200_000),
    "consultants_per_year": Decimal(200_000),
    "irt_response_hours": 2,
    # the reference's document control
    "document_title": "Sikkerhetspartner",
    "document_version": "06.02.2024",
    "document_status": DocumentStatus.APPROVED,
    "approved_on": datetime.date(2024, 2, 6),
    "approved_by": "Leder ROR-IKT",
    "document_owner": "ROR-IKT",
}
TIERS = {350: 107_450, 375: 114_750, 400: 122_000, 425: 129_200, 450: 136_350, 475: 143_450,
         500: 150_000}  # fmt: skip
TEXTS = {"costs_2024_notes": "costs_first_year_notes", "costs_2025_notes": "costs_later_notes"}


def load() -> None:
    texts = json.loads((settings.BASE_DIR / "fixtures/soc-agreement-2024.json").read_text("utf-8"))
    texts = {TEXTS.get(key, key): value for key, value in texts.items() if key != "_about"}
    agreement, _ = SecurityAgreement.objects.update_or_create(
        case_number=FIGURES["case_number"], defaults={**FIGURES, **texts}
    )
    for servers, price in TIERS.items():
        PriceTier.objects.update_or_create(
            agreement=agreement, servers_up_to=servers, defaults={"monthly_price": Decimal(price)}
        )
    ServerCount.objects.update_or_create(
        agreement=agreement, date=datetime.date(2024, 2, 1), defaults={"count": 397}
    )
    CostItem.objects.update_or_create(
        year=2024,
        name="Sikkerhetspartner SOC+ (Atea)",
        defaults={
            "key": AllocationKey.objects.get(year=2024, name="Fordelingsnøkkel 2024"),
            "source": SOURCE,
            "order": 1,
        },
    )
