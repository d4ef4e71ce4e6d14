"""Who may give what in the user admin (ror_portal/admin_site/users.py): a superuser changes
any account; an administrator who is not one manages board and finance accounts and can
make no one superuser, staff, administrator or the holder of a permission, not even
itself, and cannot change a superuser's or another administrator's account."""

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse
from django.utils import timezone

from ror_portal.roles import Role
from tests.factories import PASSWORD, UserFactory

# What each field grants when ticked or chosen in the change form.
GRANTS = ["is_superuser", "is_staff", "groups", "user_permissions"]
TARGETS = ["self", "another administrator", "superuser", "board member"]
# The accounts an administrator may only look at.
PROTECTED = ["self", "another administrator", "superuser"]
NEW_PASSWORD = "a-new-long-enough-passphrase"


@pytest.fixture
def accounts(administrator, board_member):
    return {
        "self": administrator,
        "another administrator": UserFactory(username="kollega", role=Role.ADMINISTRATOR),
        "superuser": UserFactory(username="rot", is_superuser=True, is_staff=True),
        "board member": board_member,
    }


def administrator_group() -> Group:
    return Group.objects.get(name=Role.ADMINISTRATOR)


def a_permission() -> Permission:
    return Permission.objects.get(codename="delete_group")


def privileges(user: User) -> dict:
    """What an account holds beyond its name, read from the database."""
    user = User.objects.get(pk=user.pk)
    return {
        "is_superuser": user.is_superuser,
        "is_staff": user.is_staff,
        "groups": set(user.groups.values_list("name", flat=True)),
        "user_permissions": set(user.user_permissions.values_list("codename", flat=True)),
        "first_name": user.first_name,
    }


def change_form_data(user: User, **changes) -> dict:
    """What the change form posts for ``user`` as it is, with ``changes``."""
    joined = timezone.localtime(user.date_joined)
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "groups": [group.pk for group in user.groups.all()],
        "user_permissions": [permission.pk for permission in user.user_permissions.all()],
        "date_joined_0": joined.strftime("%d.%m.%Y"),
        "date_joined_1": joined.strftime("%H:%M:%S"),
        "last_login_0": "",
        "last_login_1": "",
    }
    data |= {name: "on" for name in ("is_staff", "is_superuser") if getattr(user, name)}
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def granting(user: User, field: str) -> dict:
    """The change form's data for ``user`` with ``field`` granting what it did not."""
    if field == "groups":
        return {"groups": [*change_form_data(user)["groups"], administrator_group().pk]}
    if field == "user_permissions":
        return {"user_permissions": [a_permission().pk]}
    return {field: "on"}


def toggling(user: User, field: str) -> dict:
    """The change form's data for ``user`` with ``field`` the other way round."""
    if field == "groups":
        groups = set(change_form_data(user)["groups"]) ^ {administrator_group().pk}
        return {"groups": sorted(groups)}
    if field == "user_permissions":
        return {"user_permissions": [a_permission().pk]}
    return {field: None if getattr(user, field) else "on"}


def change_url(user: User) -> str:
    return reverse("admin:auth_user_change", args=[user.pk])


@pytest.mark.parametrize("target", PROTECTED)
@pytest.mark.parametrize("field", GRANTS)
def test_an_administrator_cannot_change_an_account_with_more_than_a_reader_role(
    client, accounts, field, target
):
    user = accounts[target]
    before = privileges(user)
    client.force_login(accounts["self"])
    data = change_form_data(user, first_name="Endret", **granting(user, field))
    response = client.post(change_url(user), data)
    assert response.status_code == 403
    assert privileges(user) == before


@pytest.mark.parametrize("field", ["is_superuser", "is_staff", "user_permissions"])
def test_an_administrator_saves_a_board_member_without_what_only_a_superuser_gives(
    client, accounts, field
):
    user = accounts["board member"]
    before = privileges(user)
    client.force_login(accounts["self"])
    data = change_form_data(user, first_name="Endret", **granting(user, field))
    response = client.post(change_url(user), data)
    assert response.status_code == 302
    # The name is saved, the privilege posted with it is not.
    assert privileges(user) == before | {"first_name": "Endret"}


def test_an_administrator_cannot_make_a_board_member_administrator(client, accounts):
    user = accounts["board member"]
    before = privileges(user)
    client.force_login(accounts["self"])
    data = change_form_data(user, first_name="Endret", **granting(user, "groups"))
    response = client.post(change_url(user), data)
    assert response.status_code == 200
    assert "er ikke et av de tilgjengelige valgene" in response.context["errors"].as_text()
    assert privileges(user) == before


def test_an_administrator_gives_and_takes_the_reader_roles(client, accounts):
    user = accounts["board member"]
    finance = Group.objects.get(name=Role.FINANCE)
    client.force_login(accounts["self"])
    response = client.post(change_url(user), change_form_data(user, groups=[finance.pk]))
    assert response.status_code == 302
    assert privileges(user)["groups"] == {Role.FINANCE}
    response = client.post(change_url(user), change_form_data(user, is_active=None))
    assert response.status_code == 302
    assert not User.objects.get(pk=user.pk).is_active


def test_an_administrator_is_offered_only_the_reader_roles(client, accounts):
    client.force_login(accounts["self"])
    form = client.get(change_url(accounts["board member"])).context["adminform"].form
    assert not {"is_superuser", "is_staff", "user_permissions"} & set(form.fields)
    choices = [label for _value, label in form.fields["groups"].choices]
    assert choices == [Role.BOARD_MEMBER, Role.FINANCE]


@pytest.mark.parametrize("target", PROTECTED)
def test_an_administrator_sees_the_accounts_it_cannot_change_read_only(client, accounts, target):
    client.force_login(accounts["self"])
    response = client.get(change_url(accounts[target]))
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert 'name="_save"' not in response.content.decode()


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("field", GRANTS)
def test_a_superuser_changes_what_it_likes(client, accounts, field, target):
    superuser = UserFactory(username="hovedrot", is_superuser=True, is_staff=True)
    user = accounts[target]
    before = privileges(user)
    client.force_login(superuser)
    response = client.post(change_url(user), change_form_data(user, **toggling(user, field)))
    assert response.status_code == 302
    after = privileges(user)
    assert after[field] != before[field]
    assert {k: v for k, v in after.items() if k != field} == {
        k: v for k, v in before.items() if k != field
    }


def test_an_administrators_new_user_gets_no_privilege_posted(client, accounts):
    client.force_login(accounts["self"])
    data = {
        "username": "ny",
        "usable_password": "true",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "is_superuser": "on",
        "is_staff": "on",
        "groups": [administrator_group().pk],
        "user_permissions": [a_permission().pk],
    }
    response = client.post(reverse("admin:auth_user_add"), data)
    assert response.status_code == 302
    created = User.objects.get(username="ny")
    assert privileges(created) == {
        "is_superuser": False,
        "is_staff": False,
        "groups": set(),
        "user_permissions": set(),
        "first_name": "",
    }
    assert created.check_password(NEW_PASSWORD)


def password_url(user: User) -> str:
    return reverse("admin:auth_user_password_change", args=[user.pk])


def password_form(password: str = NEW_PASSWORD) -> dict:
    return {"usable_password": "true", "password1": password, "password2": password}


@pytest.mark.parametrize("target", PROTECTED)
def test_an_administrator_cannot_set_the_password_of_an_account_it_cannot_change(
    client, accounts, target
):
    user = accounts[target]
    client.force_login(accounts["self"])
    assert client.get(password_url(user)).status_code == 403
    response = client.post(password_url(user), password_form())
    assert response.status_code == 403
    assert User.objects.get(pk=user.pk).check_password(PASSWORD)


def test_an_administrator_sets_a_board_members_password(client, accounts):
    user = accounts["board member"]
    client.force_login(accounts["self"])
    response = client.post(password_url(user), password_form())
    assert response.status_code == 302
    assert User.objects.get(pk=user.pk).check_password(NEW_PASSWORD)


@pytest.mark.parametrize("target", ["another administrator", "superuser"])
def test_a_superuser_sets_any_password(client, accounts, target):
    user = accounts[target]
    client.force_login(UserFactory(username="hovedrot", is_superuser=True, is_staff=True))
    response = client.post(password_url(user), password_form())
    assert response.status_code == 302
    assert User.objects.get(pk=user.pk).check_password(NEW_PASSWORD)


@pytest.mark.parametrize("target", PROTECTED)
def test_an_administrator_cannot_delete_an_account_it_cannot_change(client, accounts, target):
    user = accounts[target]
    client.force_login(accounts["self"])
    delete = reverse("admin:auth_user_delete", args=[user.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    response = client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "delete_selected", "_selected_action": [user.pk], "post": "yes"},
    )
    assert response.status_code == 403
    assert User.objects.filter(pk=user.pk).exists()


def test_an_administrator_deletes_a_board_member(client, accounts):
    user = accounts["board member"]
    client.force_login(accounts["self"])
    delete = reverse("admin:auth_user_delete", args=[user.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()
