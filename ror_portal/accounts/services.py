"""Changes to how a user signs in that an administrator makes."""

from allauth.mfa.models import Authenticator
from django.db import transaction

from ror_portal.accounts.audit import record
from ror_portal.accounts.models import AccountEvent


@transaction.atomic
def second_factors_reset(*, request, user) -> int:
    """Remove the user's second factors and recovery codes (a lost phone or key), and
    record who did it. Returns how many were removed; the user sets up a new one at the
    next sign-in when their role requires it."""
    removed, _by_model = Authenticator.objects.filter(user=user).delete()
    if removed:
        record(request, user, AccountEvent.Kind.SECOND_FACTOR_RESET, by=request.user)
    return removed
