from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "security"
    verbose_name = _("Security partner")

    def ready(self) -> None:
        from budget.cost_sources import register_source
        from security.selectors import SOURCE, agreement_figures

        # SOC+ is an operating cost: the case raises the operating frame
        register_source(SOURCE, _("Security agreement"), agreement_figures, kind="operating")
