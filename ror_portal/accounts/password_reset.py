"""Password reset without giving away who has an account, and without mail floods.

The request only counts and queues: a task looks the address up and sends the mail, so a
known and an unknown address take the same work and get the same page. At most
PASSWORD_RESET_MAILS_PER_ACCOUNT mails an hour go to one address typed in, and at most
PASSWORD_RESET_MAILS_PER_CLIENT an hour are asked for from one client address; past
either, the same "sent" page is shown, nothing is sent, and it is logged.
"""

import datetime
import logging

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.http import HttpRequest
from django.utils import timezone
from django_tasks import task

from ror_portal.accounts.models import PasswordResetRequest
from ror_portal.client_address import client_address

logger = logging.getLogger(__name__)

LIMIT_WINDOW = datetime.timedelta(hours=1)


def password_reset_allowed(*, email: str, address: str | None) -> bool:
    """Whether another mail may be asked for; if so, it is counted."""
    since = timezone.now() - LIMIT_WINDOW
    recent = PasswordResetRequest.objects.filter(requested_at__gte=since)
    if (
        recent.filter(email=email).count() >= settings.PASSWORD_RESET_MAILS_PER_ACCOUNT
        or recent.filter(client_address=address).count() >= settings.PASSWORD_RESET_MAILS_PER_CLIENT
    ):
        return False
    # Only the last hour is ever counted: older requests have done their part.
    PasswordResetRequest.objects.filter(requested_at__lt=since).delete()
    PasswordResetRequest.objects.create(email=email, client_address=address)
    return True


class LimitedPasswordResetForm(PasswordResetForm):
    # PasswordResetView calls save with keywords, request included: the narrower
    # signature says which of them are used.
    def save(self, *, request: HttpRequest, use_https: bool, **unused) -> None:  # type: ignore[override]
        """Queue the mail (PasswordResetView's options other than these are the
        defaults the task uses too)."""
        email = self.cleaned_data["email"].lower()
        address = client_address(request)
        if not password_reset_allowed(email=email, address=address):
            logger.warning(
                "No password-reset mail sent to %s asked for from %s: over the hourly limit.",
                email,
                address,
            )
            return
        send_password_reset_mail.enqueue(
            email=email, domain=request.get_host(), use_https=use_https
        )


@task()
def send_password_reset_mail(*, email: str, domain: str, use_https: bool) -> None:
    """Django's own reset mail to every active user with this address (none if unknown)."""
    form = PasswordResetForm({"email": email})
    form.is_valid()
    form.save(domain_override=domain, use_https=use_https)
