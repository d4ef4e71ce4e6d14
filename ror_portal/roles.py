"""The three roles of the portal, kept as auth groups made by a data migration."""

from enum import StrEnum


class Role(StrEnum):
    # The values are the group names administrators see in the admin.
    ADMINISTRATOR = "Administrator"
    BOARD_MEMBER = "Styremedlem"
    FINANCE = "Økonomi"


# Who may read published reports and cases.
READERS = frozenset(Role)
# Who may open the finance page and download the cost-split spreadsheets.
FINANCE_READERS = frozenset({Role.ADMINISTRATOR, Role.FINANCE})

# Apps whose models administrators maintain through the admin.
PROJECT_APPS = (
    "ror_portal",
    "reports",
    "meetings",
    "publicaccess",
    "budget",
    "support",
    "projects",
    "security",
    "jobs",
)


def roles_of(user) -> frozenset[Role]:
    """The roles of a user, read once per request and kept on the user object (the
    authentication backend reads them with the user)."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_ror_roles", None)
    if cached is None:
        cached = remember_roles(user, set(user.groups.values_list("name", flat=True)))
    return cached


def remember_roles(user, group_names: set[str]) -> frozenset[Role]:
    """Keep on ``user`` the roles its groups give it."""
    if user.is_superuser:
        roles = frozenset(Role)
    else:
        roles = frozenset(role for role in Role if role.value in group_names)
        if not user.is_staff:
            # An administrator without staff status cannot use the admin, so is none.
            roles -= {Role.ADMINISTRATOR}
    user._ror_roles = roles
    return roles


def has_any_role(user, allowed: frozenset[Role]) -> bool:
    return bool(roles_of(user) & allowed)
