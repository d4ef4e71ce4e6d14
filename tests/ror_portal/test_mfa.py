"""The second factor of local accounts: an authenticator app's codes (computed here as an
app computes them), required for the roles MFA_REQUIRED_ROLES names, under the login
lockout, recorded in the audit trail, and reset by an administrator."""

import pytest
from allauth.mfa.models import Authenticator
from bs4 import BeautifulSoup
from django.urls import reverse

from ror_portal.accounts.models import AccountEvent
from ror_portal.roles import Role
from tests.factories import UserFactory
from tests.ror_portal.sign_in import log_in
from tests.totp import give_authenticator_app, totp_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def required(settings):
    settings.MFA_REQUIRED_ROLES = [Role.ADMINISTRATOR, Role.FINANCE]
    return settings


def test_a_required_role_without_a_second_factor_is_taken_to_set_one_up(
    client, required, finance_user, django_capture_on_commit_callbacks
):
    response = log_in(client, "okonomi")
    assert response["Location"] == reverse("home")
    # Every page leads to the set-up first.
    for url in (reverse("home"), reverse("password_change"), "/admin/"):
        assert client.get(url)["Location"] == reverse("mfa_index")
    page = client.get(reverse("mfa_index")).content.decode()
    assert "Rollen din i ROR Portal krever en andre faktor" in page

    activate = client.get(reverse("mfa_activate_totp"))
    secret = BeautifulSoup(activate.content, "html.parser").find(id="totp-secret").text.strip()
    wrong = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert wrong.status_code == 200
    assert not Authenticator.objects.filter(user=finance_user).exists()

    with django_capture_on_commit_callbacks(execute=True):  # allauth's signal, after commit
        done = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert done["Location"] == reverse("mfa_view_recovery_codes")
    codes = BeautifulSoup(client.get(done["Location"]).content, "html.parser")
    assert len(codes.select(".recovery-codes li")) == 10
    assert client.get(reverse("home")).status_code == 200
    assert set(Authenticator.objects.filter(user=finance_user).values_list("type", flat=True)) == {
        Authenticator.Type.TOTP,
        Authenticator.Type.RECOVERY_CODES,
    }
    assert AccountEvent.objects.filter(
        user=finance_user, kind=AccountEvent.Kind.SECOND_FACTOR_ADDED, detail="totp"
    ).exists()


def test_a_board_member_is_not_required_by_default(client, required, board_member):
    log_in(client, "styre")
    assert client.get(reverse("home")).status_code == 200


def test_board_members_too_when_the_setting_names_them(client, required, board_member):
    required.MFA_REQUIRED_ROLES = [Role.BOARD_MEMBER]
    log_in(client, "styre")
    assert client.get(reverse("home"))["Location"] == reverse("mfa_index")


def test_a_user_with_an_app_gives_its_code_after_the_password(client, board_member):
    secret = give_authenticator_app(board_member)
    response = log_in(client, "styre")
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "Bekreft at det er deg" in page

    wrong = client.post(reverse("mfa_authenticate"), {"code": "123456"})
    assert wrong.status_code == 200
    assert "_auth_user_id" not in client.session

    right = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert right["Location"] == reverse("home")
    assert client.session["_auth_user_id"] == str(board_member.pk)
    signed_in = AccountEvent.objects.get(kind=AccountEvent.Kind.SIGNED_IN)
    assert (signed_in.username, signed_in.detail, signed_in.provider) == ("styre", "totp", "")


def test_a_recovery_code_stands_in_for_the_app_once(client, board_member):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    give_authenticator_app(board_member)
    code = RecoveryCodes.activate(board_member).get_unused_codes()[0]
    log_in(client, "styre")
    assert client.post(reverse("mfa_authenticate"), {"code": code})["Location"] == "/"
    client.post(reverse("logout"))
    log_in(client, "styre")
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 200
    assert "_auth_user_id" not in client.session


def test_five_wrong_codes_lock_like_five_wrong_passwords(client, settings, board_member):
    secret = give_authenticator_app(board_member)
    log_in(client, "styre")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(reverse("mfa_authenticate"), {"code": "000000"}).status_code == 200
    locked = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert locked.status_code == 429
    assert "For mange mislykkede innlogginger" in locked.content.decode()
    # Neither the right code nor the right password lets the username in from here.
    assert client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)}).status_code != 302
    assert log_in(client, "styre").status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_administrator_resets_a_lost_second_factor(client, administrator, board_member):
    give_authenticator_app(board_member)
    client.force_login(administrator)
    response = client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [board_member.pk]},
        follow=True,
    )
    assert "Andre faktor er nullstilt for 1 bruker." in response.content.decode()
    assert not Authenticator.objects.filter(user=board_member).exists()
    reset = AccountEvent.objects.get(kind=AccountEvent.Kind.SECOND_FACTOR_RESET)
    assert (reset.user, reset.by) == (board_member, administrator)
    # the next sign-in needs the password only
    client.logout()
    assert log_in(client, "styre")["Location"] == reverse("home")


def test_an_administrator_cannot_reset_another_administrators(client, administrator):
    colleague = UserFactory(username="kollega", role=Role.ADMINISTRATOR)
    give_authenticator_app(colleague)
    client.force_login(administrator)
    response = client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [colleague.pk]},
        follow=True,
    )
    assert "1 bruker er ikke din å administrere" in response.content.decode()
    assert Authenticator.objects.filter(user=colleague).exists()
    assert not AccountEvent.objects.filter(kind=AccountEvent.Kind.SECOND_FACTOR_RESET).exists()


def test_setting_up_leaves_the_way_out_open(client, required, finance_user):
    log_in(client, "okonomi")
    assert client.get(reverse("accessibility")).status_code == 200
    assert "Du er logget ut" in client.post(reverse("logout")).content.decode()


def test_removing_the_app_is_recorded_and_a_required_role_sets_up_a_new_one(
    client, required, finance_user, django_capture_on_commit_callbacks
):
    secret = give_authenticator_app(finance_user)
    log_in(client, "okonomi")
    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    with django_capture_on_commit_callbacks(execute=True):  # allauth's signal, after commit
        response = client.post(reverse("mfa_deactivate_totp"))
    assert response["Location"] == reverse("mfa_index")
    assert not Authenticator.objects.filter(user=finance_user).exists()
    removed = AccountEvent.objects.get(kind=AccountEvent.Kind.SECOND_FACTOR_REMOVED)
    assert (removed.username, removed.detail) == ("okonomi", "totp")
    assert client.get(reverse("home"))["Location"] == reverse("mfa_index")
