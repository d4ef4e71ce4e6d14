"""The accounts' audit trail in the admin, read-only, for administrators; django-allauth's
own admin pages are left out: second factors are reset from the user's page (so that it
is recorded), and the identity providers are configured from the environment."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django.contrib import admin

from ror_portal.accounts.models import AccountEvent
from ror_portal.admin_site.site import RecordAdmin
from ror_portal.roles import Role, has_any_role

ADMINISTRATORS = frozenset({Role.ADMINISTRATOR})


def leave_out_allauth_admin() -> None:
    """After the admin has found every app's admin module (AccountsConfig.ready)."""
    for model in (EmailAddress, Authenticator, SocialAccount, SocialApp, SocialToken):
        admin.site.unregister(model)


@admin.register(AccountEvent)
class AccountEventAdmin(RecordAdmin):
    list_display = ["at", "kind", "username", "provider", "detail", "by", "client_address"]
    list_filter = ["kind", "at"]
    search_fields = ["username", "provider"]
    date_hierarchy = "at"

    # Every administrator reads the trail (not a permission of the group: nobody
    # may change it); nobody writes it but the portal.
    def has_view_permission(self, request, obj=None):
        return has_any_role(request.user, ADMINISTRATORS)

    def has_module_permission(self, request):
        return has_any_role(request.user, ADMINISTRATORS)
