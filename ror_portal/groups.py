from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from ror_portal.roles import PROJECT_APPS, Role


def administrator_permissions():
    """All model permissions of the portal's apps, plus managing user accounts and
    seeing (and lifting) login lockouts."""
    return Permission.objects.filter(
        Q(content_type__app_label__in=PROJECT_APPS)
        | Q(content_type__app_label="axes")
        | Q(content_type__app_label="auth", content_type__model="user")
        | Q(content_type__app_label="auth", codename="view_group")
    )


def sync_administrator_permissions(**kwargs) -> None:
    group = (
        Group.objects.using(kwargs.get("using", "default")).filter(name=Role.ADMINISTRATOR).first()
    )
    if group is not None:
        group.permissions.set(administrator_permissions())
