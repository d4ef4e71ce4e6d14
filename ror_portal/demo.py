"""Demo users, one per role. Their passwords are new on every run and printed."""

import secrets

from django.contrib.auth.models import Group, User

from ror_portal.roles import Role

DEMO_USERS = [
    # username, first name, last name, role
    ("admin", "Anne", "Administrator", Role.ADMINISTRATOR),
    ("styremedlem", "Bjørn", "Styremedlem", Role.BOARD_MEMBER),
    ("okonomi", "Frida", "Økonomi", Role.FINANCE),
]


def create_demo_users() -> list[tuple[str, str, Role]]:
    credentials = []
    for username, first_name, last_name, role in DEMO_USERS:
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{username}@demo.ror-ikt.no",
                "is_staff": role == Role.ADMINISTRATOR,
                "is_active": True,
            },
        )
        password = secrets.token_urlsafe(12)
        user.set_password(password)
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        credentials.append((username, password, role))
    return credentials
