from django.shortcuts import render

from ror_portal.access import role_required
from ror_portal.roles import READERS, Role, roles_of


@role_required()
def home(request):
    roles = roles_of(request.user)
    return render(
        request,
        "home.html",
        {
            "may_read_reports": bool(roles & READERS),
            "is_administrator": Role.ADMINISTRATOR in roles,
            # Filled by the reports app once reports can be published.
            "published_reports": [],
        },
    )
