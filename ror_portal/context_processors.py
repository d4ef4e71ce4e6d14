from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ror_portal.roles import Role, roles_of


def navigation(request) -> dict:
    """The header's links: only what the signed-in user's roles may open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    items = [(reverse("home"), _("Home"))]
    if Role.ADMINISTRATOR in roles_of(user):
        items.append((reverse("admin:index"), _("Administration")))
    path = request.path
    return {
        "navigation": [{"url": url, "label": label, "current": url == path} for url, label in items]
    }
