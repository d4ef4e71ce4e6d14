"""The portal's URLs and what each role gets from each: the access matrix's rows, read
by the HTML validation too. The primary keys are those the access matrix's data is made with."""

from urllib.parse import quote

from ror_portal.roles import Role

ANON, BOARD, FINANCE, ADMIN = None, Role.BOARD_MEMBER, Role.FINANCE, Role.ADMINISTRATOR
ROLES = [ANON, BOARD, FINANCE, ADMIN]
LOGIN = "302 to the login page, with the page asked for as next"


class RedirectTo(str):
    """302 straight to this path."""


HOME = RedirectTo("/")


def everyone(expected):
    return dict.fromkeys(ROLES, expected)


def signed_in(expected, anonymous=LOGIN):
    return {ANON: anonymous, BOARD: expected, FINANCE: expected, ADMIN: expected}


def administrators_only(admin=200):
    return {ANON: LOGIN, BOARD: 403, FINANCE: 403, ADMIN: admin}


def readers(expected=200):
    return signed_in(expected)


def finance_only(expected=200):
    return {ANON: LOGIN, BOARD: 403, FINANCE: expected, ADMIN: expected}


def again(path):
    """To the password again (allauth's reauthentication), then on to the page."""
    return RedirectTo(f"/konto/bekreft/?next={quote(path, safe='')}")


def unpublished_finance(admin=200):
    """Finance sees the cost splits of published reports' periods only; an administrator
    sees any period live, marked as not published."""
    return {ANON: LOGIN, BOARD: 403, FINANCE: 404, ADMIN: admin}


def drafts(admin=200):
    """Drafts and what only they contain do not exist for anyone but administrators."""
    return {ANON: LOGIN, BOARD: 404, FINANCE: 404, ADMIN: admin}


PUBLISHED, DRAFT_ONLY = "2024-01", "2024-02"
# Fixed primary keys far above what the database's sequences reach in a test run: on
# PostgreSQL a rolled-back test does not give its ids back, and an id made by the sequence
# must never meet one of these.
REPORT_PK, DRAFT_PK, SECTION_PK, CASE_PK, DRAFT_CASE_PK = (
    9_000_901,
    9_000_902,
    9_000_903,
    9_000_904,
    9_000_905,
)
PUBLISHED_ATTACHMENT, DRAFT_ATTACHMENT, DRAFT_CASE_ATTACHMENT = 9_004_242, 9_004_243, 9_004_244
CASE_ALONE_ATTACHMENT = 4245
OWN_JOB, OTHERS_JOB = 9_000_601, 9_000_602
COST_ITEM_PK, COST_ITEM_2023_PK = 9_000_701, 9_000_702
MEETING_PK = 9_000_801  # meeting 2024/M1
# The January report's public edition (a stand-in: tests/publicaccess/public_data.py).
PUBLIC_EDITION = {"kind": "report", "slug": PUBLISHED, "number": 1}
# The board member's calendar address: the token is the key, so it answers anyone.
CALENDAR_TOKEN = "matrix-calendar-token"


# (url name, url kwargs, method, expected per role)
PORTAL_URLS = [
    ("home", {}, "get", signed_in(200)),
    ("health", {}, "get", everyone(200)),
    ("accessibility", {}, "get", everyone(200)),
    ("login", {}, "get", signed_in(HOME, anonymous=200)),
    ("logout", {}, "get", everyone(405)),
    ("logout", {}, "post", everyone(200)),
    ("password_change", {}, "get", signed_in(200)),
    ("password_change_done", {}, "get", signed_in(200)),
    ("password_reset", {}, "get", everyone(200)),
    ("password_reset_done", {}, "get", everyone(200)),
    ("password_reset_confirm", {"uidb64": "MQ", "token": "not-a-token"}, "get", everyone(200)),
    ("password_reset_complete", {}, "get", everyone(200)),
    ("reports:report", {"month": PUBLISHED}, "get", readers()),
    (
        "reports:report",
        {"month": DRAFT_ONLY},
        "get",
        drafts(admin=RedirectTo(f"/rapporter/{DRAFT_ONLY}/utkast/")),
    ),
    ("reports:report", {"month": "2023-13"}, "get", readers(404)),
    ("reports:report_pdf", {"month": PUBLISHED}, "get", readers()),
    ("reports:report_pdf", {"month": DRAFT_ONLY}, "get", readers(404)),
    ("reports:version", {"month": PUBLISHED, "number": 1}, "get", readers()),
    ("reports:version", {"month": PUBLISHED, "number": 2}, "get", readers(404)),
    ("reports:version_pdf", {"month": PUBLISHED, "number": 1}, "get", readers()),
    ("reports:changes", {"month": PUBLISHED}, "get", readers()),
    ("reports:changes", {"month": DRAFT_ONLY}, "get", readers(404)),
    ("reports:version_changes", {"month": PUBLISHED, "number": 1}, "get", readers()),
    ("reports:version_changes", {"month": PUBLISHED, "number": 2}, "get", readers(404)),
    ("reports:version_csv", {"month": PUBLISHED, "number": 1, "section": "3"}, "get", readers()),
    ("reports:version_csv", {"month": PUBLISHED, "number": 1, "section": "9"}, "get", readers(404)),
    ("reports:draft", {"month": PUBLISHED}, "get", drafts()),
    ("reports:draft", {"month": DRAFT_ONLY}, "get", drafts()),
    # Not made before: the worker makes it, and the draft PDF goes to the job's page.
    ("reports:draft_pdf", {"month": DRAFT_ONLY}, "get", drafts(admin=302)),
    ("reports:draft_csv", {"month": DRAFT_ONLY, "section": "1"}, "get", drafts()),
    ("reports:draft_csv", {"month": DRAFT_ONLY, "section": "2"}, "get", drafts(admin=404)),
    ("meetings:meeting", {"meeting": "2024-M1"}, "get", readers()),
    ("meetings:meeting", {"meeting": "2024-M2"}, "get", drafts()),
    ("meetings:meeting", {"meeting": "2024-M3"}, "get", readers()),  # by its published case
    # No book made yet: the page that waits for the worker (queued after the commit).
    ("meetings:book", {"meeting": "2024-M1"}, "get", readers()),
    ("meetings:book", {"meeting": "2024-M2"}, "get", drafts(admin=404)),  # no published case
    ("meetings:book", {"meeting": "2024-M3"}, "get", readers()),
    ("reports:attachment", {"pk": PUBLISHED_ATTACHMENT}, "get", readers()),
    ("reports:attachment", {"pk": DRAFT_ATTACHMENT}, "get", drafts()),
    ("reports:attachment", {"pk": DRAFT_CASE_ATTACHMENT}, "get", drafts()),
    ("reports:attachment", {"pk": CASE_ALONE_ATTACHMENT}, "get", readers()),
    ("reports:case", {"case": "2024-M1-004"}, "get", readers()),
    ("reports:case", {"case": "2024-M1-005"}, "get", drafts()),  # a draft of a published meeting
    ("reports:case", {"case": "2024-M2-001"}, "get", drafts()),
    ("reports:case", {"case": "2024-M3-001"}, "get", readers()),
    ("reports:case_pdf", {"case": "2024-M1-004"}, "get", readers(404)),
    ("reports:case_draft", {"case": "2024-M1-004"}, "get", drafts()),
    ("reports:case_draft_pdf", {"case": "2024-M1-004"}, "get", drafts(admin=302)),
    # the matrix's meetings have no minutes published: a draft for everyone, 404
    ("meetings:minutes_pdf", {"meeting": "2024-M1"}, "get", readers(404)),
    ("meetings:minutes_pdf", {"meeting": "2024-M2"}, "get", drafts(admin=404)),
    # A job is seen only by who started it: it can name files and figures not published.
    ("jobs:job", {"pk": OWN_JOB}, "get", administrators_only()),
    ("jobs:job", {"pk": OTHERS_JOB}, "get", administrators_only(404)),
    ("jobs:state", {"pk": OWN_JOB}, "get", administrators_only()),
    ("jobs:state", {"pk": OTHERS_JOB}, "get", administrators_only(404)),
    ("meetings:calendar", {}, "get", readers()),
    ("meetings:calendar_feed", {"token": CALENDAR_TOKEN}, "get", everyone(200)),
    ("meetings:calendar_feed", {"token": "not-a-token"}, "get", everyone(404)),
    ("archive:archive", {}, "get", readers()),
    ("archive:search", {}, "get", readers()),
    ("budget:finance", {}, "get", finance_only()),
    # 2023 is the published report's period; 2024's accounts are in no published report
    ("budget:year_xlsx", {"year": 2023}, "get", finance_only()),
    ("budget:year_xlsx", {"year": 2024}, "get", unpublished_finance()),
    ("budget:year_xlsx", {"year": 1999}, "get", finance_only(404)),
    ("budget:municipality_xlsx", {"year": 2023, "municipality": "molde"}, "get", finance_only()),
    (
        "budget:municipality_xlsx",
        {"year": 2024, "municipality": "molde"},
        "get",
        unpublished_finance(),
    ),
    (
        "budget:municipality_xlsx",
        {"year": 2022, "municipality": "hustadvika"},
        "get",
        finance_only(404),
    ),
    (
        "budget:part_details",
        {"year": 2023, "item": COST_ITEM_2023_PK, "municipality": "molde"},
        "get",
        finance_only(),
    ),
    (
        "budget:part_details",
        {"year": 2024, "item": COST_ITEM_PK, "municipality": "molde"},
        "get",
        unpublished_finance(),
    ),
    (
        "budget:part_details",
        {"year": 2023, "item": COST_ITEM_PK, "municipality": "molde"},
        "get",
        finance_only(404),
    ),
    # The public's pages (offentleglova, issue 30): the same for everyone, signed in or
    # not. 2024/M1 has the report's public edition; 2024/M3 a published case, but nothing
    # public yet (no public edition, no notice sent).
    ("publicaccess:index", {}, "get", everyone(200)),
    ("publicaccess:index", {}, "post", everyone(405)),
    ("publicaccess:meeting", {"meeting": "2024-M1"}, "get", everyone(200)),
    ("publicaccess:meeting", {"meeting": "2024-M2"}, "get", everyone(404)),
    ("publicaccess:meeting", {"meeting": "2024-M3"}, "get", everyone(404)),
    ("publicaccess:edition", PUBLIC_EDITION, "get", everyone(200)),
    ("publicaccess:edition", {**PUBLIC_EDITION, "number": 2}, "get", everyone(404)),
    ("publicaccess:edition", {**PUBLIC_EDITION, "slug": DRAFT_ONLY}, "get", everyone(404)),
    ("publicaccess:edition_pdf", PUBLIC_EDITION, "get", everyone(200)),
    ("publicaccess:edition_pdf", {**PUBLIC_EDITION, "slug": DRAFT_ONLY}, "get", everyone(404)),
    ("publicaccess:csv", {"slug": PUBLISHED, "number": 1, "section": "3"}, "get", everyone(200)),
    ("publicaccess:csv", {"slug": PUBLISHED, "number": 1, "section": "9"}, "get", everyone(404)),
    ("publicaccess:attachment", {"pk": PUBLISHED_ATTACHMENT}, "get", everyone(200)),
    ("publicaccess:attachment", {"pk": DRAFT_ATTACHMENT}, "get", everyone(404)),
    ("publicaccess:attachment", {"pk": DRAFT_CASE_ATTACHMENT}, "get", everyone(404)),
    ("publicaccess:attachment", {"pk": CASE_ALONE_ATTACHMENT}, "get", everyone(404)),
    ("publicaccess:search", {}, "get", everyone(200)),
    ("publicaccess:feed", {}, "get", everyone(200)),
    # Signing in (issue 19): django-allauth's second-factor and sign-in pages. Changing a
    # second factor asks for the password again first (account_reauthenticate).
    ("account_login", {}, "get", signed_in(HOME, anonymous=200)),
    ("account_logout", {}, "get", everyone(405)),
    ("account_reauthenticate", {}, "get", signed_in(200)),
    ("mfa_index", {}, "get", signed_in(200)),
    ("mfa_authenticate", {}, "get", signed_in(HOME, anonymous=RedirectTo("/logg-inn/"))),
    ("mfa_activate_totp", {}, "get", signed_in(again("/konto/2fa/totp/activate/"))),
    ("mfa_deactivate_totp", {}, "get", signed_in(404)),
    ("mfa_view_recovery_codes", {}, "get", signed_in(404)),
    ("mfa_download_recovery_codes", {}, "get", signed_in(404)),
    (
        "mfa_generate_recovery_codes",
        {},
        "get",
        signed_in(again("/konto/2fa/recovery-codes/generate/")),
    ),
    ("mfa_add_webauthn", {}, "get", signed_in(again("/konto/2fa/webauthn/add/"))),
    ("mfa_list_webauthn", {}, "get", signed_in(200)),
    (
        "mfa_edit_webauthn",
        {"pk": 999_999},
        "get",
        signed_in(again("/konto/2fa/webauthn/keys/999999/edit/")),
    ),
    (
        "mfa_remove_webauthn",
        {"pk": 999_999},
        "get",
        signed_in(again("/konto/2fa/webauthn/keys/999999/remove/")),
    ),
    ("mfa_reauthenticate", {}, "get", signed_in(RedirectTo("/konto/bekreft/"))),
    ("mfa_reauthenticate_webauthn", {}, "get", signed_in(RedirectTo("/konto/bekreft/"))),
    # no identity provider is configured in the tests: none by that name
    ("openid_connect_login", {"provider_id": "molde"}, "get", everyone(404)),
    ("openid_connect_callback", {"provider_id": "molde"}, "get", everyone(404)),
    ("socialaccount_login_cancelled", {}, "get", everyone(200)),
    ("socialaccount_login_error", {}, "get", everyone(401)),
]
