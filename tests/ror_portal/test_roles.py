import pytest
from django.contrib.auth.models import Group, Permission

from ror_portal.backends import RoleModelBackend
from ror_portal.groups import sync_administrator_permissions
from ror_portal.roles import Role, roles_of
from tests.factories import UserFactory


@pytest.mark.django_db
def test_the_three_groups_exist():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Administrator",
        "Styremedlem",
        "Økonomi",
    }


@pytest.mark.django_db
def test_administrators_get_the_model_permissions_of_the_portal_apps():
    sync_administrator_permissions()
    codenames = set(
        Group.objects.get(name="Administrator").permissions.values_list("codename", flat=True)
    )
    assert {"add_municipality", "change_municipality", "add_user", "view_group"} <= codenames
    assert "delete_group" not in codenames
    assert not Group.objects.get(name="Styremedlem").permissions.exists()


@pytest.mark.django_db
def test_an_administrator_without_staff_status_is_no_administrator():
    user = UserFactory(role=Role.ADMINISTRATOR)
    user.is_staff = False
    assert roles_of(user) == frozenset()


@pytest.mark.django_db
def test_roles_are_read_once_per_user_object(django_assert_num_queries):
    user = UserFactory(role=Role.FINANCE)
    with django_assert_num_queries(1):
        assert roles_of(user) == {Role.FINANCE}
        assert roles_of(user) == {Role.FINANCE}


@pytest.mark.django_db
def test_a_superuser_has_every_role():
    user = UserFactory(is_superuser=True)
    assert roles_of(user) == frozenset(Role)
    assert Permission.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("groups", "staff", "expected"),
    [
        ((), False, set()),
        ((Role.BOARD_MEMBER,), False, {Role.BOARD_MEMBER}),
        ((Role.BOARD_MEMBER, Role.FINANCE), False, {Role.BOARD_MEMBER, Role.FINANCE}),
        ((Role.ADMINISTRATOR, Role.FINANCE), True, {Role.ADMINISTRATOR, Role.FINANCE}),
        ((Role.ADMINISTRATOR,), False, set()),
    ],
)
def test_the_signed_in_user_comes_with_its_roles_in_one_query(
    groups, staff, expected, django_assert_num_queries
):
    user = UserFactory(is_staff=staff)
    user.groups.set(Group.objects.filter(name__in=groups))
    with django_assert_num_queries(1):
        found = RoleModelBackend().get_user(user.pk)
        assert found == user
        assert roles_of(found) == expected


@pytest.mark.django_db
def test_an_inactive_or_removed_user_is_signed_out():
    user = UserFactory(role=Role.BOARD_MEMBER, is_active=False)
    assert RoleModelBackend().get_user(user.pk) is None
    assert RoleModelBackend().get_user(user.pk + 1000) is None
