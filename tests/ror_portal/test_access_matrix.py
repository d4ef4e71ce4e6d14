"""Who may open what: anonymous, board member, finance, administrator × every URL."""

import datetime

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from budget.models import CostItem, PublishedPeriod
from jobs.models import Job
from meetings.models import CalendarFeed
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
from tests.publicaccess.public_data import stand_in_edition
from tests.ror_portal.portal_urls import (
    CALENDAR_TOKEN,
    CASE_ALONE_ATTACHMENT,
    CASE_PK,
    COST_ITEM_2023_PK,
    COST_ITEM_PK,
    DRAFT_ATTACHMENT,
    DRAFT_CASE_ATTACHMENT,
    DRAFT_CASE_PK,
    DRAFT_PK,
    LOGIN,
    MEETING_PK,
    OTHERS_JOB,
    OWN_JOB,
    PORTAL_URLS,
    PUBLISHED_ATTACHMENT,
    REPORT_PK,
    SECTION_PK,
    RedirectTo,
    administrators_only,
)


@pytest.fixture(autouse=True)
def meetings_and_reports(db, administrator, board_member):
    """Meeting 2024/M1 with a published January report, a published case with an
    attachment and a draft case (added since) with one; meeting 2024/M2 with only a draft
    February report (with a glossary block) and a draft case with an attachment; meeting
    2024/M3 with no report and a case published on its own, with an attachment."""
    published = MonthlyReportFactory(pk=REPORT_PK, meeting__pk=MEETING_PK)
    # and its public edition, which publishing makes
    stand_in_edition(ReportVersionFactory(report=published))
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
    CalendarFeed.objects.create(user=board_member, token=CALENDAR_TOKEN)
    Job.objects.create(pk=OWN_JOB, title="Kontroll av eksport.csv", started_by=administrator)
    colleague = UserFactory(role=Role.ADMINISTRATOR)
    Job.objects.create(pk=OTHERS_JOB, title="Import av eksport.csv", started_by=colleague)


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
    ("admin:reports_boardmeeting_notice", {"pk": MEETING_PK}, "get", administrators_only()),
    (
        "admin:publicaccess_archive_package",
        {"pk": MEETING_PK},
        "get",
        administrators_only(),
    ),
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
