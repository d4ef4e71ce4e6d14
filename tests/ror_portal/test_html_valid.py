import pytest
from django.urls import reverse

from ror_portal.roles import Role
from tests.html_validator import html_errors
from tests.ror_portal.test_access_matrix import ADMIN_URLS, PORTAL_URLS


@pytest.mark.django_db
def test_every_page_is_valid_html(client_for, tmp_path):
    pages = {}
    for name, kwargs, method, by_role in PORTAL_URLS + ADMIN_URLS[:1]:
        for role, expected in by_role.items():
            if expected == 200:
                response = getattr(client_for(role), method)(reverse(name, kwargs=kwargs))
                pages[f"{method} {name} as {role or 'anonymous'}"] = response.content.decode()
    client = client_for(Role.BOARD_MEMBER)
    pages["404"] = client.get("/finnes-ikke/").content.decode()
    pages["403"] = client.get(reverse("admin:index")).content.decode()
    pages["login with errors"] = (
        client_for(None).post(reverse("login"), {"username": "x"}).content.decode()
    )
    assert len(pages) > 20
    assert html_errors(pages, tmp_path) == []


def test_the_validator_finds_errors(tmp_path):
    broken = "<!DOCTYPE html><html lang=nb><head><title>x</title></head><body><span><p>x</span>"
    errors = html_errors({"broken page": broken}, tmp_path)
    assert errors
    assert errors[0].startswith("broken page: line 1:")
