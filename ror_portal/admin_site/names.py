"""Norwegian names for what the admin shows of Django's and django-axes' own
models, whose names and descriptions are English in code or in the database.

Installed once at start-up by the app configs in ror_portal/admin_site/language_apps.py.
"""

from django.apps import apps
from django.contrib.auth.forms import AdminPasswordChangeForm, SetUnusablePasswordMixin
from django.contrib.auth.models import Permission
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy

from ror_portal.formatting import format_datetime

# Django stores a default permission's name in English ("Can add case"); its
# action is the codename's first word.
PERMISSION_ACTIONS = {
    "add": gettext_lazy("Can add %(name)s"),
    "change": gettext_lazy("Can change %(name)s"),
    "delete": gettext_lazy("Can delete %(name)s"),
    "view": gettext_lazy("Can view %(name)s"),
}


def permission_label(permission: Permission) -> str:
    """ "Kan legge til sak" for Django's default permissions; others keep their name."""
    action, _, model_name = permission.codename.partition("_")
    model = permission.content_type.model_class()
    if action in PERMISSION_ACTIONS and model is not None and model_name == model._meta.model_name:
        return PERMISSION_ACTIONS[action] % {"name": model._meta.verbose_name}
    return permission.name


def _permission_str(permission: Permission) -> str:
    return f"{permission.content_type} | {permission_label(permission)}"


def _link_name(through, plural: bool) -> str:
    first, second = (f.related_model._meta.verbose_name for f in through._meta.fields[1:3])
    if plural:
        return gettext("links between %(from)s and %(to)s") % {"from": first, "to": second}
    return gettext("link between %(from)s and %(to)s") % {"from": first, "to": second}


def _link_str(link) -> str:
    first, second = (getattr(link, f.name) for f in link._meta.fields[1:3])
    return f"{first} – {second}"


def name_auth_models() -> None:
    """Permissions by their Norwegian action, and the tables that link users, groups
    and permissions ("User-group relationship: User_groups object (1)" on a delete
    page) named for what they link."""
    # Replacing the models' methods is the point: their code is Django's, not ours.
    Permission.__str__ = _permission_str  # type: ignore[method-assign,assignment]
    # Django appends this warning to the help text in English, outside gettext.
    # A lazy string, as Django's own: translated when the form is shown.
    AdminPasswordChangeForm.usable_password_help_text = format_lazy(  # type: ignore[assignment]
        '{}<ul id="id_unusable_warning" class="messagelist"><li class="warning">{}</li></ul>',
        SetUnusablePasswordMixin.usable_password_help_text,
        gettext_lazy("If disabled, the current password for this user will be lost."),
    )
    for model in apps.get_models(include_auto_created=True):
        if model._meta.auto_created:
            model._meta.verbose_name = lazy(_link_name, str)(model, False)
            model._meta.verbose_name_plural = lazy(_link_name, str)(model, True)
            model.__str__ = _link_str  # type: ignore[method-assign]


def _attempt_str(attempt) -> str:
    return gettext("Login attempts by %(username)s, %(time)s") % {
        "username": attempt.username or "–",
        "time": format_datetime(attempt.attempt_time),
    }


def _login_str(login) -> str:
    return gettext("Login by %(username)s, %(time)s") % {
        "username": login.username or "–",
        "time": format_datetime(login.attempt_time),
    }


def _failure_str(failure) -> str:
    return gettext("Failed login by %(username)s, %(time)s") % {
        "username": failure.username or "–",
        "time": format_datetime(failure.attempt_time),
    }


def name_axes_models() -> None:
    """django-axes names its records in English in code ("Attempted Access: …")."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    AccessAttempt.__str__ = _attempt_str
    AccessLog.__str__ = _login_str
    AccessFailureLog.__str__ = _failure_str
