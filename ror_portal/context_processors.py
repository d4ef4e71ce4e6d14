from django.urls import reverse

from ror_portal.navigation import links_for
from ror_portal.roles import roles_of


def navigation(request) -> dict:
    """The header's links: only what the signed-in user's roles may open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    items = []
    for link in links_for(roles_of(user)):
        url = reverse(link.url_name)
        items.append({"url": url, "label": link.label, "current": url == request.path})
    return {"navigation": items}
