"""Who may open what: anonymous, board member, finance, administrator × every URL."""

import datetime
from urllib.parse import quote

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from budget.models import CostItem, PublishedPeriod
from jobs.models import Job
from ror_portal.roles import Role
from tests.factories import (
    KEY_2024,
    AttachmentFactory,
    BoardMeetingFactory,
    CaseFactory,
    MonthlyReportFactory,
    ReportVersionFactory,
    SectionFactory,
    UserFactory,
    allocation_key,
)

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


@pytest.fixture(autouse=True)
def meetings_and_reports(db, administrator):
    """Meeting 2024/M1 with a published January report, a published case with an
    attachment and a draft case (added since) with one; meeting 2024/M2 with only a draft
    February report (with a glossary block) and a draft case with an attachment; meeting
    2024/M3 with no report and a case published on its own, with an attachment."""
    published = MonthlyReportFactory(pk=REPORT_PK)
    ReportVersionFactory(report=published)
    # what publishing records: the January report shows the accounts of 2023
    PublishedPeriod.objects.create(
        month=published.month, as_of=published.as_of, published_at=timezone.now()
    )
    AttachmentFactory(
        pk=PUBLISHED_ATTACHMENT,
        case=CaseFactory(
            pk=CASE_PK,
            meeting=published.meeting,
            number="2024/M1-004",
            published_at=timezone.now(),
        ),
    )
    AttachmentFactory(
        pk=DRAFT_CASE_ATTACHMENT,
        case=CaseFactory(
            pk=DRAFT_CASE_PK, meeting=published.meeting, number="2024/M1-005", published_at=None
        ),
    )
    later = BoardMeetingFactory(number="2024/M2", date=datetime.date(2024, 3, 13))
    draft = MonthlyReportFactory(
        pk=DRAFT_PK,
        meeting=later,
        month=datetime.date(2024, 2, 1),
        as_of=datetime.date(2024, 3, 1),
    )
    SectionFactory(pk=SECTION_PK, report=draft, block="reports.glossary")
    key = allocation_key(2024, KEY_2024)
    CostItem.objects.create(pk=COST_ITEM_PK, year=2024, name="SOC+", key=key, amount=1_864_000)
    CostItem.objects.create(
        pk=COST_ITEM_2023_PK,
        year=2023,
        name="Felles lisenser",
        key=allocation_key(2023, KEY_2024),
        amount=250_000,
    )
    CostItem.objects.create(
        year=2022,
        name="Gammel",
        key=allocation_key(2022, {"aukra": "10", "molde": "60", "rauma": "15", "vestnes": "15"}),
        amount=1000,
    )
    AttachmentFactory(
        pk=DRAFT_ATTACHMENT,
        case=CaseFactory(meeting=later, number="2024/M2-001", published_at=None),
    )
    alone = BoardMeetingFactory(number="2024/M3", date=datetime.date(2024, 4, 10))
    AttachmentFactory(
        pk=CASE_ALONE_ATTACHMENT,
        case=CaseFactory(meeting=alone, number="2024/M3-001", published_at=timezone.now()),
    )
    Job.objects.create(pk=OWN_JOB, title="Kontroll av eksport.csv", started_by=administrator)
    colleague = UserFactory(role=Role.ADMINISTRATOR)
    Job.objects.create(pk=OTHERS_JOB, title="Import av eksport.csv", started_by=colleague)


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
    ("reports:meeting", {"meeting": "2024-M1"}, "get", readers()),
    ("reports:meeting", {"meeting": "2024-M2"}, "get", drafts()),
    ("reports:meeting", {"meeting": "2024-M3"}, "get", readers()),  # by its published case
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
    # A job is seen only by who started it: it can name files and figures not published.
    ("jobs:job", {"pk": OWN_JOB}, "get", administrators_only()),
    ("jobs:job", {"pk": OTHERS_JOB}, "get", administrators_only(404)),
    ("jobs:state", {"pk": OWN_JOB}, "get", administrators_only()),
    ("jobs:state", {"pk": OTHERS_JOB}, "get", administrators_only(404)),
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
ADMIN_URLS = [
    ("admin:index", {}, "get", administrators_only()),
    ("admin:login", {}, "get", administrators_only(admin=RedirectTo("/admin/"))),
    ("admin:reports_monthlyreport_content", {"pk": DRAFT_PK}, "get", administrators_only()),
    ("admin:reports_monthlyreport_review", {"pk": DRAFT_PK}, "get", administrators_only()),
    ("admin:reports_section_change", {"object_id": SECTION_PK}, "get", administrators_only()),
    ("admin:budget_budgetline_actuals", {}, "get", administrators_only()),
    ("admin:support_ticket_import", {}, "get", administrators_only()),
    ("admin:support_ticket_sync", {}, "get", administrators_only(admin=405)),
    ("admin:reports_case_publish", {"pk": CASE_PK}, "get", administrators_only()),
    ("admin:reports_case_publish_case", {"pk": DRAFT_CASE_PK}, "get", administrators_only(405)),
    (
        "admin:reports_case_publish_case",
        {"pk": DRAFT_CASE_PK},
        "post",
        administrators_only(admin=RedirectTo(f"/admin/reports/case/{DRAFT_CASE_PK}/change/")),
    ),
    ("admin:projects_buildingproject_updates", {}, "get", administrators_only()),
    ("admin:budget_allocationkey_compute", {}, "get", administrators_only()),
    ("admin:reports_monthlyreport_publish", {"pk": DRAFT_PK}, "get", administrators_only()),
    ("admin:reports_monthlyreport_next_month", {}, "get", administrators_only()),
    ("admin:reports_section_preview", {}, "get", administrators_only(admin=405)),
    (
        "admin:reports_monthlyreport_resend_notice",
        {"pk": REPORT_PK, "number": 1},
        "get",
        administrators_only(admin=RedirectTo(f"/admin/reports/monthlyreport/{REPORT_PK}/innhold/")),
    ),
    (
        "admin:reports_case_resend_notice",
        {"pk": CASE_PK, "number": 1},
        "get",
        administrators_only(admin=404),  # the matrix's case has no published document
    ),
    (
        "admin:reports_monthlyreport_confirm_section",
        {"pk": DRAFT_PK, "section": SECTION_PK},
        "get",
        administrators_only(admin=RedirectTo(f"/admin/reports/monthlyreport/{DRAFT_PK}/innhold/")),
    ),
    (
        "admin:reports_monthlyreport_move",
        {"pk": DRAFT_PK, "section": SECTION_PK, "direction": "up"},
        "get",
        administrators_only(admin=RedirectTo(f"/admin/reports/monthlyreport/{DRAFT_PK}/innhold/")),
    ),
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
        assert response.redirect_chain == [(expected, 302)]
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
    changelists = {name for name, *_ in ADMIN_URLS if name.endswith("_changelist")}
    assert len(changelists) == len(admin.site._registry) >= 8
