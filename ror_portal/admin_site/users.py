"""The user accounts in the admin: a superuser manages every account; an administrator
who is not one manages the board's and finance's accounts, and can give no one more
than those roles.

The Administrator group holds Django's user permissions (ror_portal/groups.py), and
Django's own UserAdmin lets whoever holds them tick "superuser" on any account, their
own included. Here the limits are kept where the admin decides what it saves: the form
an administrator posts has no field that grants the admin or a permission, its groups
are the two reader roles, and the accounts that hold more than those are read-only.
"""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group, User
from django.forms import CheckboxSelectMultiple
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ror_portal.accounts.services import second_factors_reset
from ror_portal.collation import norwegian
from ror_portal.roles import Role

# The roles an administrator who is not a superuser may give and take away.
READER_ROLES = (Role.BOARD_MEMBER, Role.FINANCE)
# What only a superuser sets: each lets a user into the admin or past its roles.
SUPERUSER_FIELDS = ("is_staff", "is_superuser", "user_permissions")


def holds_reader_roles_only(user: User) -> bool:
    """A board member's or finance account (or one with no role yet): nothing in it
    opens the admin or gives a permission, so an administrator may manage it."""
    return not (
        user.is_superuser
        or user.is_staff
        or user.user_permissions.exists()
        or user.groups.exclude(name__in=READER_ROLES).exists()
    )


class PortalUserAdmin(UserAdmin):
    actions = ["reset_second_factor"]

    def may_manage(self, request, user: User | None) -> bool:
        # Another administrator's or a superuser's account, and one's own, are not the
        # administrator's to change: each would give its holder (or take from a
        # colleague) what only a superuser may give.
        return request.user.is_superuser or user is None or holds_reader_roles_only(user)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.may_manage(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.may_manage(request, obj)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        # The form is built from these fields, so what is left out is not saved whatever
        # is posted. Shown read-only, the password is only a button to a page the
        # administrator may not open.
        editable = self.has_change_permission(request, obj)
        left_out = SUPERUSER_FIELDS if editable else ("password",)
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f not in left_out]})
            for name, options in fieldsets
        ]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups" and not request.user.is_superuser:
            # Any other group posted is not a valid choice, so the form is not saved.
            readers = Group.objects.filter(name__in=READER_ROLES)
            kwargs["queryset"] = readers.order_by(norwegian("name"))
            kwargs["widget"] = CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.action(description=_("Reset the second factor"), permissions=["change"])
    def reset_second_factor(self, request, queryset):
        """For a user who lost their phone or key: the accounts the administrator may
        manage lose their second factors (and recovery codes)."""
        users = [user for user in queryset if self.may_manage(request, user)]
        reset = sum(1 for user in users if second_factors_reset(request=request, user=user))
        self.message_user(
            request,
            ngettext(
                "The second factor of %(count)d user is reset.",
                "The second factors of %(count)d users are reset.",
                reset,
            )
            % {"count": reset},
        )
        if skipped := len(queryset) - len(users):
            self.message_user(
                request,
                ngettext(
                    "%(count)d user is not yours to manage and was left as it was.",
                    "%(count)d users are not yours to manage and were left as they were.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )


def register() -> None:
    """In place of django.contrib.auth's registration (its admin module is found first)."""
    admin.site.unregister(User)
    admin.site.register(User, PortalUserAdmin)
