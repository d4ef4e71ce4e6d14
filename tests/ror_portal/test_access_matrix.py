"""Who may open what: anonymous, board member, finance, administrator × every URL."""

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from ror_portal.roles import Role

ANON, BOARD, FINANCE, ADMIN = None, Role.BOARD_MEMBER, Role.FINANCE, Role.ADMINISTRATOR
ROLES = [ANON, BOARD, FINANCE, ADMIN]
LOGIN = "302 to the login page, with the page asked for as next"


class RedirectTo(str):
    """302 straight to the named URL."""


HOME = RedirectTo("home")


def everyone(expected):
    return dict.fromkeys(ROLES, expected)


def signed_in(expected, anonymous=LOGIN):
    return {ANON: anonymous, BOARD: expected, FINANCE: expected, ADMIN: expected}


def administrators_only():
    return {ANON: LOGIN, BOARD: 403, FINANCE: 403, ADMIN: 200}


# (url name, url kwargs, method, expected per role)
PORTAL_URLS = [
    ("home", {}, "get", signed_in(200)),
    ("login", {}, "get", signed_in(HOME, anonymous=200)),
    ("logout", {}, "get", everyone(405)),
    ("logout", {}, "post", everyone(200)),
    ("password_change", {}, "get", signed_in(200)),
    ("password_change_done", {}, "get", signed_in(200)),
    ("password_reset", {}, "get", everyone(200)),
    ("password_reset_done", {}, "get", everyone(200)),
    ("password_reset_confirm", {"uidb64": "MQ", "token": "not-a-token"}, "get", everyone(200)),
    ("password_reset_complete", {}, "get", everyone(200)),
]
ADMIN_URLS = [
    ("admin:index", {}, "get", administrators_only()),
    ("admin:login", {}, "get", {**administrators_only(), ADMIN: RedirectTo("admin:index")}),
    ("admin:password_change", {}, "get", administrators_only()),
    ("admin:app_list", {"app_label": "ror_portal"}, "get", administrators_only()),
] + [
    (
        f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist",
        {},
        "get",
        administrators_only(),
    )
    for model in admin.site._registry
]
MATRIX = [
    pytest.param(
        name, kwargs, method, role, expected, id=f"{method} {name} as {role or 'anonymous'}"
    )
    for name, kwargs, method, by_role in PORTAL_URLS + ADMIN_URLS
    for role, expected in by_role.items()
]


@pytest.mark.parametrize(("name", "kwargs", "method", "role", "expected"), MATRIX)
def test_access(client_for, name, kwargs, method, role, expected):
    client = client_for(role)
    url = reverse(name, kwargs=kwargs)
    response = getattr(client, method)(url, follow=isinstance(expected, str))

    if expected == LOGIN:
        assert response.redirect_chain[0][1] == 302
        assert response.request["PATH_INFO"] == reverse("login")
        assert url in response.request["QUERY_STRING"].replace("%2F", "/")
    elif isinstance(expected, RedirectTo):
        assert response.redirect_chain == [(reverse(expected), 302)]
    else:
        assert response.status_code == expected


def named_portal_urls(resolver=None, namespace=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace != "admin":
                yield from named_portal_urls(pattern, namespace + (pattern.namespace or ""))
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_the_matrix_covers_every_portal_url():
    in_matrix = {name for name, *_ in PORTAL_URLS}
    assert set(named_portal_urls()) == in_matrix


def test_every_admin_model_is_in_the_matrix():
    assert len(ADMIN_URLS) == 4 + len(admin.site._registry) >= 5
