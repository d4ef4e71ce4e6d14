"""Markdown within bounds (issue 26, finding 5): a text too long or nested too deep is
refused in words in the admin, and any text, however saved, renders in bounded work:
no RecursionError, no walk of the brackets that grows with the square of the text."""

import datetime
import re

import markdown as markdown_lib
import pytest
from django.urls import reverse
from markdown.inlinepatterns import LinkInlineProcessor

from reports.models import Case, Section
from reports.publishing import report_publish
from ror_portal import markdown
from ror_portal.roles import Role
from tests.factories import CaseFactory, MonthlyReportFactory, SectionFactory

pytestmark = pytest.mark.django_db

PREVIEW_URL = "/admin/reports/section/forhandsvis/"
BRACKETS = "[" * 5_000 + "x" + "]" * 5_000  # 7.2 s on the meeting page before


def deep_list(levels: int) -> str:
    return "\n".join("  " * level + f"- nivå {level + 1}" for level in range(levels))


@pytest.fixture(autouse=True)
def nothing_rendered_yet():
    markdown._rendered.cache_clear()  # each test measures its own rendering


@pytest.fixture
def characters_read(monkeypatch):
    """How many characters python-markdown's link patterns read: the work that was
    quadratic ("[" × 20 000: 200 million steps, 30 s)."""
    read = {"characters": 0, "calls": 0}
    original = LinkInlineProcessor.getText

    def counted(self, data, index):
        result = original(self, data, index)
        read["characters"] += result[1] - index
        read["calls"] += 1
        return result

    monkeypatch.setattr(LinkInlineProcessor, "getText", counted)
    return read


def test_brackets_in_the_preview_render_in_work_linear_in_the_text(client_for, characters_read):
    text = "[" * 25_000
    response = client_for(Role.ADMINISTRATOR).post(PREVIEW_URL, {"body": text})
    html = response.content.decode()
    assert response.status_code == 200
    assert "[" * 1000 in html  # shown as the text it is
    assert "teksten: Teksten er for lang: 25\xa0000 tegn, høyst 20\xa0000." in html
    # The scans of a piece of the text (at most 20 000 characters) share a budget of 10
    # characters per character and 10 000 more; the preview renders the text twice (to
    # show it, and to compare it with the sanitiser's output).
    assert characters_read["characters"] <= 2 * (10 * len(text) + 2 * 10_000)
    assert characters_read["characters"] < len(text) ** 2 / 100  # unbounded: ~len²/2


def test_a_link_in_the_preview_is_still_a_link(client_for, characters_read):
    text = "Se [avtalen](https://ror-ikt.no/soc) og [[merknaden]](https://ror-ikt.no/m)."
    html = client_for(Role.ADMINISTRATOR).post(PREVIEW_URL, {"body": text}).content.decode()
    assert '<a href="https://ror-ikt.no/soc" rel="noopener noreferrer">avtalen</a>' in html
    assert '<a href="https://ror-ikt.no/m" rel="noopener noreferrer">[merknaden]</a>' in html
    assert characters_read["calls"] >= 2 and "errornote" not in html


def deepest(html: str) -> int:
    """How deep lists and quotes are nested in the HTML."""
    depth = deepest = 0
    for tag in re.findall(r"<(/?)(?:ul|ol|blockquote)>", html):
        depth += -1 if tag else 1
        deepest = max(deepest, depth)
    return deepest


def test_a_list_nested_500_deep_previews_flattened_at_ten_levels(client_for):
    response = client_for(Role.ADMINISTRATOR).post(PREVIEW_URL, {"body": deep_list(500)})
    html = response.content.decode()
    assert response.status_code == 200  # not a RecursionError
    assert deepest(html) == 10
    assert "nivå 500" in html
    assert "Listene er nestet for dypt: 500 nivåer, høyst 10." in html


def test_ten_levels_are_ten_nested_lists(client_for):
    html = client_for(Role.ADMINISTRATOR).post(PREVIEW_URL, {"body": deep_list(10)})
    html = html.content.decode()
    assert html.count("<ul>") == deepest(html) == 10 and "errornote" not in html


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("- " * 500 + "x", 500),  # lists opened on one line
        ("> " * 500 + "x", 500),
        ("> - " * 250 + "x", 500),
        ("1. " * 500 + "x", 500),
        # a quote's lines nest by four spaces: python-markdown reads them on their own
        ("\n".join("> " + "    " * level + "- x" for level in range(100)), 101),
    ],
)
def test_any_nesting_renders_capped_without_recursion(text, depth):
    assert markdown.nesting_depth(text) == depth
    assert deepest(str(markdown.render_markdown(text))) == 10


def section_post(client, section, body):
    return client.post(
        reverse("admin:reports_section_change", args=[section.pk]),
        {"parent": "", "title": section.title, "body": body, "block": "", "body_after_block": ""},
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[" * 20_001, "Teksten er for lang: 20\xa0001 tegn, høyst 20\xa0000."),
        (deep_list(12), "Listene er nestet for dypt: 12 nivåer, høyst 10."),
    ],
)
def test_the_section_form_refuses_a_text_beyond_the_bounds(client_for, body, message):
    section = SectionFactory(title="Drift", body="Før.")
    response = section_post(client_for(Role.ADMINISTRATOR), section, body)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Section.objects.get().body == "Før."


def test_the_section_form_saves_a_text_at_the_bounds(client_for):
    section = SectionFactory(title="Drift", body="Før.")
    body = deep_list(10) + "\n\n" + "x" * (20_000 - len(deep_list(10)) - 2)
    response = section_post(client_for(Role.ADMINISTRATOR), section, body)
    assert response.status_code == 302
    assert Section.objects.get().body == body


def test_a_cases_texts_have_the_same_bounds():
    case = CaseFactory(decision=deep_list(11), proposed_decision="[" * 20_001)
    with pytest.raises(Exception) as refused:
        case.full_clean()
    assert set(refused.value.message_dict) == {"decision", "proposed_decision"}
    case.decision, case.proposed_decision = deep_list(10), "[" * 20_000
    case.full_clean()


@pytest.fixture
def published_case(administrator):
    report = MonthlyReportFactory(month=datetime.date(2024, 1, 1))
    SectionFactory(report=report, title="Driftsresultat", body="Merforbruk.")
    case = CaseFactory(meeting=report.meeting, number="2024/M1-004", title="Sikkerhetspartner")
    report_publish(report=report, user=administrator, notify=False)
    return Case.objects.get(pk=case.pk)


@pytest.mark.parametrize(
    ("decision", "shown"),
    [
        (BRACKETS, "[" * 5_000 + "x" + "]" * 5_000),
        ("Vedtatt som [innstilt](https://ror-ikt.no/sak).", '<a href="https://ror-ikt.no/sak"'),
    ],
)
def test_the_meeting_page_renders_a_decision_once_in_bounded_work(
    client_for, published_case, characters_read, monkeypatch, decision, shown
):
    Case.objects.filter(pk=published_case.pk).update(decision=decision)  # saved before
    rendered = []
    original = markdown_lib.markdown
    monkeypatch.setattr(
        markdown_lib, "markdown", lambda text, **kw: rendered.append(text) or original(text, **kw)
    )
    client = client_for(Role.BOARD_MEMBER)
    url = reverse("meetings:meeting", args=["2024-M1"])
    response = client.get(url)
    assert response.status_code == 200
    assert shown in response.content.decode()
    assert decision in rendered
    assert characters_read["characters"] <= 10 * len(decision) + 10_000
    # The next reader's request renders no Markdown: the HTML is kept.
    rendered.clear()
    assert client.get(url).status_code == 200
    assert rendered == []
