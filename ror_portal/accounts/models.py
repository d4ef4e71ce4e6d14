from django.db import models
from django.utils import timezone


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
