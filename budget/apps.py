from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetConfig(AppConfig):
    name = "budget"
    verbose_name = _("Budget and accounts")

    def ready(self) -> None:
        from budget import accounts, services  # noqa: F401 - services connects its signal receivers
        from budget.cost_sources import register_source
        from ror_portal.navigation import register_link
        from ror_portal.roles import FINANCE_READERS

        register_link("budget:finance", _("Cost splits"), roles=FINANCE_READERS, order=20)

        register_source(
            "operating_deviation",
            _("Operating deviation"),
            accounts.operating_deviation,
            kind="operating",
            year_to_date=True,
        )
        register_source(
            "investment_deviation",
            _("Investment deviation"),
            accounts.investment_deviation,
            kind="investment",
            year_to_date=True,
        )
