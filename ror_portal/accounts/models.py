from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ror_portal.models import done_by


class PasswordResetRequest(models.Model):
    """A password-reset mail that was let through, kept for the hour its limits count.

    In the database rather than a cache: every gunicorn worker and every app server
    counts the same requests (a cache in each process would multiply the limits)."""

    email = models.EmailField(max_length=254)  # as typed, in lower case
    client_address = models.GenericIPAddressField(null=True)
    requested_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        # Nobody edits these: no permissions to hand out.
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.email} ({self.client_address}, {self.requested_at:%Y-%m-%d %H:%M})"


class AccountEvent(models.Model):
    """A sign-in, or a change to how a user signs in: the audit trail of accounts.

    Written by ror_portal.accounts.audit from django-allauth's signals and the user
    admin; never changed (the admin shows them read-only)."""

    class Kind(models.TextChoices):
        SIGNED_IN = "signed_in", _("Signed in")
        SECOND_FACTOR_ADDED = "factor_added", _("Second factor set up")
        SECOND_FACTOR_REMOVED = "factor_removed", _("Second factor removed")
        RECOVERY_CODES_RENEWED = "codes_renewed", _("Recovery codes renewed")
        SECOND_FACTOR_RESET = "factor_reset", _("Second factor reset by an administrator")
        PROVIDER_LINKED = "provider_linked", _("Identity provider linked")
        PROVIDER_UNLINKED = "provider_unlinked", _("Identity provider unlinked")

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    kind = models.CharField(_("event"), max_length=20, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="account_events",
    )
    # Kept as text too: the trail outlives a deleted account.
    username = models.CharField(_("username"), max_length=150)
    by = done_by(_("done by"))
    # The identity provider, for a sign-in through one or a link.
    provider = models.CharField(_("identity provider"), max_length=100, blank=True)
    # Password sign-ins: the second factor used (totp, webauthn, recovery_codes),
    # "provider" when the identity provider gave it, empty when none was given.
    detail = models.CharField(_("detail"), max_length=100, blank=True)
    client_address = models.GenericIPAddressField(_("client address"), null=True, blank=True)

    class Meta:
        verbose_name = _("account event")
        verbose_name_plural = _("account events")
        ordering = ["-at"]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.username} ({self.at:%Y-%m-%d %H:%M})"
