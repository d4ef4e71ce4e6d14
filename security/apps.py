from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "security"
    verbose_name = _("Security partner")

    def ready(self) -> None:
        from budget.cost_sources import register_source
        from security.selectors import SOURCE, yearly_amounts

        register_source(SOURCE, _("Security agreement"), yearly_amounts)
