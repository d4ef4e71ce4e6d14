from functools import wraps

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _


class PortalAdminSite(admin.AdminSite):
    """Django's admin behind the portal's own login page.

    Anonymous users go to the portal's login; a signed-in user who is not
    staff gets 403 instead of a second login form.
    """

    site_header = _("ROR Portal administration")
    site_title = _("ROR Portal")
    index_title = _("Enter and publish the board's figures")

    def admin_view(self, view, cacheable=False):
        guarded = super().admin_view(view, cacheable)

        @wraps(view)
        def inner(request, *args, **kwargs):
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied
            return guarded(request, *args, **kwargs)

        return inner

    def login(self, request, extra_context=None):
        if request.user.is_authenticated:
            if self.has_permission(request):
                return redirect("admin:index")
            raise PermissionDenied
        return redirect_to_login(request.GET.get("next") or request.get_full_path())


class RecordAdmin(admin.ModelAdmin):
    """What the portal records itself (published versions, imports, jobs): shown in the
    admin, never added, changed or deleted there."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def page_context(model_admin, request, title: str, **context) -> dict:
    """The context of an admin page of one model's own (an import's upload or check):
    the admin's, the model's options for the breadcrumbs, and the page's title."""
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": title,
        **context,
    }
