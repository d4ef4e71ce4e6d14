from django.urls import reverse

from ror_portal.roles import Role


def test_greets_the_user_and_shows_the_empty_list(client_for, board_member):
    html = client_for(Role.BOARD_MEMBER).get(reverse("home")).content.decode()
    assert "Hei, Bjørn" in html
    assert "Publiserte rapporter" in html
    assert "Ingen rapporter er publisert ennå" in html
    assert reverse("admin:index") not in html


def test_administrators_see_the_way_to_the_admin(client_for):
    html = client_for(Role.ADMINISTRATOR).get(reverse("home")).content.decode()
    assert f'href="{reverse("admin:index")}"' in html


def test_a_user_without_a_role_is_told_so(client, django_user_model):
    user = django_user_model.objects.create_user("ny", password="x")
    client.force_login(user)
    html = client.get(reverse("home")).content.decode()
    assert "ingen rolle" in html
    assert "Publiserte rapporter" not in html


def test_the_page_is_norwegian_and_has_landmarks(client_for):
    html = client_for(Role.FINANCE).get(reverse("home")).content.decode()
    assert '<html lang="nb">' in html
    assert 'href="#main"' in html
    assert '<main id="main"' in html
    assert 'name="viewport"' in html
