"""The published demo report, its case document and its meeting read on a 390 px phone
and on a 1280 px screen: nothing is wider than the page but inside a region that scrolls
(named, reachable with Tab, its first column kept in view), and chart text is drawn at
least as large as the body text."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import accessible
from tests.browser.sign_in import log_in

PHONE, SCREEN = 390, 1280
PAGES = {
    "report": "/rapporter/2024-01/",
    "case": "/saker/2024-M1-004/",
    "meeting": "/moter/2024-M1/",
}
# Every element that reaches past its container's box, unless something around it
# scrolls sideways. An inline element's box is its line's, so it is measured against
# the block it sits in; an SVG's inner shapes are the SVG's business.
OVERFLOWING = """() => {
    const scrolls = (element) => {
        for (let e = element; e; e = e.parentElement) {
            if (["auto", "scroll"].includes(getComputedStyle(e).overflowX)) return true;
        }
        return false;
    };
    const found = [];
    for (const element of document.body.querySelectorAll("*")) {
        if (element.closest("svg") && element.localName !== "svg") continue;
        const box = element.getBoundingClientRect();
        if (box.width <= 1 || box.height <= 1) continue;  // hidden, or visually hidden
        let parent = element.parentElement;
        while (["inline", "contents"].includes(getComputedStyle(parent).display)) {
            parent = parent.parentElement;
        }
        const right = parent.getBoundingClientRect().left + parent.clientLeft + parent.clientWidth;
        const own = getComputedStyle(element).overflowX === "visible"
            ? element.scrollWidth - element.clientWidth : 0;
        const beyond = Math.max(box.right - right, own);
        if (beyond > 1 && !scrolls(parent)) {
            found.push(`${element.localName}.${element.className} «${
                element.textContent.trim().slice(0, 40)}» ${Math.round(beyond)} px`);
        }
    }
    return found;
}"""

# Each region that scrolls now: how it is named, whether Tab reaches it, and where its
# first column is once it is scrolled to its end.
SCROLLING = """() => [...document.querySelectorAll("body *")]
    .filter((e) => ["auto", "scroll"].includes(getComputedStyle(e).overflowX))
    .filter((e) => e.scrollWidth > e.clientWidth + 1)
    .map((region) => {
        region.scrollLeft = region.scrollWidth;
        const first = region.querySelector("tbody tr > :first-child");
        const cells = [...region.querySelectorAll("tbody tr > :last-child")];
        const box = region.getBoundingClientRect();
        return {
            role: region.getAttribute("role"),
            name: region.getAttribute("aria-label"),
            tabindex: region.getAttribute("tabindex"),
            scrolled: region.scrollLeft > 0,
            first_column_left: first.getBoundingClientRect().left - box.left,
            last_column_beyond: Math.max(...cells.map((c) => c.getBoundingClientRect().right))
                - (box.left + region.clientWidth),
        };
    })"""

# The type of every chart on show, in CSS px as drawn (its size × the SVG's scale).
CHART_TEXT = """() => {
    const sizes = [];
    let shown = 0;
    for (const svg of document.querySelectorAll(".chart svg")) {
        if (svg.getBoundingClientRect().width === 0) continue;  // the other drawing
        shown += 1;
        for (const text of svg.querySelectorAll("text")) {
            const scale = text.getScreenCTM();
            const size = parseFloat(getComputedStyle(text).fontSize);
            sizes.push(size * Math.hypot(scale.a, scale.b));
        }
    }
    return {body: parseFloat(getComputedStyle(document.body).fontSize), sizes, shown};
}"""


@pytest.mark.parametrize(
    ("name", "width"),
    [
        ("report", PHONE),
        ("report", SCREEN),
        ("case", PHONE),
        ("case", SCREEN),
        ("meeting", PHONE),
        ("meeting", SCREEN),
    ],
)
def test_a_page_fits_the_screen_and_its_charts_read_like_its_text(
    page, demo_passwords, name, width
):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(PAGES[name])
    accessible(page)
    log_in(page, "styremedlem", demo_passwords["styremedlem"])
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    accessible(page)

    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate(OVERFLOWING) == []
    regions = page.evaluate(SCROLLING)
    for region in regions:
        assert region["role"] == "region" and region["name"], region
        assert region["tabindex"] == "0", region
        assert region["scrolled"] and abs(region["first_column_left"]) <= 1, region
        assert region["last_column_beyond"] <= 1, region
    charts = page.evaluate(CHART_TEXT)
    assert charts["body"] == 16
    assert min(charts["sizes"], default=charts["body"]) >= charts["body"]
    if name == "report":
        # The report's wide tables scroll on the phone only; its seven charts are all
        # shown, once each (the wide or the narrow drawing).
        assert (len(regions) > 5) == (width == PHONE)
        assert charts["shown"] == 7 == page.locator(".chart").count()
        assert len(charts["sizes"]) > 7 * 10
        # One drawing of each is an image to assistive technology, the other is hidden.
        sla_chart = page.get_by_role("img", name="Andel feilmeldinger løst innen SLA per prioritet")
        expect(sla_chart).to_have_count(1)
        expect(sla_chart).to_have_accessible_name(re.compile("Kritisk: 100,0\xa0%, –, 66,7\xa0%"))
    if name == "report":
        _the_deviation_is_seen_without_a_swipe(page, width)
    if name == "report" and width == PHONE:
        # The SLA table scrolls to its January column with the keyboard: Kritisk's breaches.
        sla = page.get_by_role("region", name="Feilmeldinger løst innen SLA (OK) og ikke (brudd)")
        january = sla.get_by_role("row", name="Kritisk").get_by_role("cell").last
        sla.evaluate("region => { region.scrollLeft = 0; }")
        sla.focus()
        expect(january).to_have_text("1")
        expect(january).not_to_be_in_viewport(ratio=0.99)  # cut at the shaded edge
        for _ in range(20):
            page.keyboard.press("ArrowRight")
        expect(january).to_be_in_viewport(ratio=0.99)
        expect(sla.get_by_role("rowheader", name="Kritisk")).to_be_in_viewport(ratio=0.99)


# How far a region's table reaches past the region's right edge, in px (≤ 0: all in view).
BEYOND_REGION = """(region) => Math.max(...[...region.querySelectorAll("tr > :last-child")]
    .map((cell) => cell.getBoundingClientRect().right)) - region.getBoundingClientRect().right"""


def _the_deviation_is_seen_without_a_swipe(page, width):
    """The accounts table: on a phone Avvik and Avvik % stand beside the line's name with
    nothing to scroll, budget and actual a tap away; on a screen every column at once."""
    for caption, total in [
        ("Driftsregnskap: Regnskap 2023", ["1\xa0938\xa0000\xa0kr", "1,68\xa0%"]),
        ("Investeringsregnskap: Regnskap 2023", ["\u22123\xa0380\xa0000\xa0kr", None]),
    ]:
        region = page.get_by_role("region", name=caption, exact=True)
        region.scroll_into_view_if_needed()
        more = region.locator("xpath=preceding-sibling::details[1]")
        cells = region.get_by_role("row", name=re.compile("^Sum")).get_by_role("cell")
        if width == PHONE:
            expect(cells).to_have_count(2)
            expect(cells.first).to_have_text(total[0])
            if total[1]:
                expect(cells.last).to_have_text(total[1])
            assert region.evaluate("r => r.scrollWidth <= r.clientWidth + 1")
            assert region.evaluate(BEYOND_REGION) <= 1
            more.get_by_text("Vis budsjett og regnskap").click()
            expect(cells).to_have_count(4)  # budget and actual back, the table scrolls again
            expect(region.get_by_role("columnheader", name="Budsjett")).to_be_visible()
            more.get_by_text("Vis budsjett og regnskap").click()
            expect(cells).to_have_count(2)
        else:
            expect(more).to_be_hidden()
            expect(cells).to_have_count(4)
            expect(cells.nth(2)).to_have_text(total[0])
            assert region.evaluate(BEYOND_REGION) <= 1


def test_the_content_pages_title_is_not_under_its_buttons_at_1280(page, demo_passwords):
    """«Innhold og publisering: Månedsrapport januar 2024» was cut off under the buttons."""
    page.set_viewport_size({"width": SCREEN, "height": 800})
    page.goto("/admin/reports/monthlyreport/")
    accessible(page)
    log_in(page, "admin", demo_passwords["admin"])
    accessible(page)
    page.get_by_role("link", name="Månedsrapport januar 2024").click()
    accessible(page)
    page.get_by_role("link", name="Innhold og publisering").first.click()
    title = page.get_by_role("heading", level=1)
    expect(title).to_have_text("Innhold og publisering: Månedsrapport januar 2024")
    accessible(page)
    heading = title.bounding_box()
    for button in ["Forhåndsvis som nettside", "Forhåndsvis som PDF", "Legg til seksjon"]:
        box = page.get_by_role("link", name=button).bounding_box()
        apart = (
            box["y"] >= heading["y"] + heading["height"]
            or box["x"] >= heading["x"] + heading["width"]
        )
        assert apart, f"{button} covers the title"
    # the text itself is not clipped: the heading is as wide as its words
    assert title.evaluate("h => h.scrollWidth <= h.clientWidth")
