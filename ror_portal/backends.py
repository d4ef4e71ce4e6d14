"""Signing in and the signed-in user of each request."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import F

from ror_portal.roles import remember_roles


class RoleModelBackend(ModelBackend):
    """Django's model backend, reading the user's groups in the query that reads the user.

    Every portal page checks the user's roles; a query of its own for them was one of
    the four that each page view cost (see docs/performance.md)."""

    def get_user(self, user_id):
        # A row per group (one with None for a user in none), each with the user.
        rows = list(
            get_user_model()
            ._default_manager.annotate(group_name=F("groups__name"))
            .filter(pk=user_id)
        )
        if not rows or not self.user_can_authenticate(rows[0]):
            return None
        remember_roles(rows[0], {row.group_name for row in rows})
        return rows[0]
