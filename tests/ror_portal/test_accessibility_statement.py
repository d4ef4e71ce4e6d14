import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_the_statement_is_open_to_everyone_and_linked_from_every_page(client, settings):
    settings.ACCESSIBILITY_CONTACT = "uu@ror-ikt.no"
    response = client.get(reverse("accessibility"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Tilgjengelighetserklæring</h1>" in html
    assert "WCAG 2.1, nivå AA" in html
    assert "uu@ror-ikt.no" in html and "uutilsynet.no" in html
    login = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("accessibility")}"' in login
