"""django-axes' admin, with its clean-up action in Norwegian: axes builds the
message untranslatably (an f-string inside gettext), and its action fails in the
admin (it reads a request attribute that only a login sets)."""

from axes import admin as axes_admin
from axes.helpers import get_cool_off
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class AccessAttemptAdmin(axes_admin.AccessAttemptAdmin):
    @admin.action(description=_("Clean up expired attempts"))
    def cleanup_expired_attempts(self, request, queryset):
        # Expired: older than the lockout period, so no longer counted against anyone.
        cool_off = get_cool_off(request)
        count = 0
        if cool_off is not None:
            expired = AccessAttempt.objects.filter(attempt_time__lte=timezone.now() - cool_off)
            count, _deleted = expired.delete()
        message = ngettext(
            "Cleaned up %(count)d expired login attempt.",
            "Cleaned up %(count)d expired login attempts.",
            count,
        )
        self.message_user(request, message % {"count": count})


def register() -> None:
    """In place of axes' own registration (AXES_ENABLE_ADMIN is off in settings)."""
    admin.site.register(AccessAttempt, AccessAttemptAdmin)
    admin.site.register(AccessLog, axes_admin.AccessLogAdmin)
    admin.site.register(AccessFailureLog, axes_admin.AccessFailureLogAdmin)
