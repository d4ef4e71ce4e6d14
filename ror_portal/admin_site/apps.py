from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """Django's admin, on the portal's own site class (one login page for all)."""

    default_site = "ror_portal.admin_site.site.PortalAdminSite"
