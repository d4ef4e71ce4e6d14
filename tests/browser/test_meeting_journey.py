"""The meeting, whole (issue 29), through the UI only, in Chromium, on top of the demo's
meeting 2024/M1: an administrator makes meeting 2024/M2 (it gets the standing cases, one
approving 2024/M1's minutes), adds a case, sends the notice, records and publishes the
minutes of 2024/M1 (a member absent, her deputy meeting for her, a decision changed from
the proposal) and then of 2024/M2, whose case 002 approves 2024/M1's. A board member
comes from the notice's e-mail, reads both meeting pages, downloads the minutes and
subscribes to the calendar.

The administrator's clicks, typed fields and choices, and the seconds waited for the
publishing jobs, are printed at the end (pytest -s) for the issue's note."""

import datetime
import re
import time
from pathlib import Path
from urllib.parse import urlsplit

from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import Attendance, MeetingNotice
from reports.models import BoardMeeting, Case
from tests.browser.journey_steps import AXE_FAILURES, accessible
from tests.browser.meeting_steps import (
    BOOK_MADE_IN_REQUEST,
    Effort,
    add_case,
    add_meeting,
    attendance_row,
    decision_row,
    download,
    open_meeting,
    publish_minutes,
    save_minutes,
    sign_in,
    to_admin_home,
    to_meetings,
)
from tests.browser.sign_in import log_in

M2_CASE = "2024/M2-005"
M2_CASE_TITLE = "Ny brannmur for rådhusene"
M2_PROPOSAL = (
    "Samarbeidsrådet godkjenner anskaffelse av ny brannmur innenfor en ramme på 450 000 kr."
)
M1_ADDED = " Økningen dekkes av disposisjonsfondet."
DEMO_MEMBERS = 10  # fixtures/board-members.json: a member and a deputy per municipality


def today() -> str:
    return timezone.localdate().strftime("%d.%m.%Y")


def test_a_meeting_called_minuted_approved_and_read_by_the_board(
    page, demo_passwords, mailoutbox, settings, tmp_path
):
    # As in production: every change to what a meeting's book shows makes it anew (here
    # within the request that changed it, where the test settings run tasks).
    settings.MEETING_BOOK_IN_BACKGROUND = True
    AXE_FAILURES.clear()
    hand = Effort(page)
    reading = 0.0
    try:
        administrator(hand, demo_passwords["admin"], mailoutbox)
        started = time.perf_counter()
        board_member(page, demo_passwords["styremedlem"], mailoutbox, tmp_path)
        reading = time.perf_counter() - started
    finally:
        print("\nMøtet, hele (issue 29): administratorens innsats\n" + hand.report())
        print(f"Styremedlemmet (to møtesider, protokoll, møtebok, kalender): {reading:.1f} s")
    assert not AXE_FAILURES, "axe-core violations:\n\n" + "\n\n".join(AXE_FAILURES)


def administrator(hand: Effort, password: str, outbox: list) -> None:
    page = hand.page
    with hand.step("Logg inn i admin"):
        page.goto("/admin/")
        accessible(page)
        sign_in(hand, "admin", password)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        accessible(page)

    with hand.step("Lag møte 2024/M2 (faste saker kommer av seg selv)"):
        to_meetings(hand)
        add_meeting(
            hand, number="2024/M2", date="13.03.2024", time_of_day="09:00", place="Molde rådhus"
        )
    m2 = BoardMeeting.objects.get(number="2024/M2")
    assert (m2.date, m2.starts_at, m2.place) == (
        datetime.date(2024, 3, 13),
        datetime.time(9, 0),
        "Molde rådhus",
    )
    standing = list(m2.cases.order_by("number").values_list("number", "title", "minutes_of"))
    m1 = BoardMeeting.objects.get(number="2024/M1")
    assert standing == [
        ("2024/M2-001", "Godkjenning av innkalling og saksliste", None),
        ("2024/M2-002", "Godkjenning av protokoll fra møtet 14.02.2024", m1.pk),
        ("2024/M2-003", "Månedsrapport februar 2024", None),
        ("2024/M2-004", "Orienteringssaker", None),
    ]
    # The change page's agenda (the inline) shows them.
    expect(page.locator("input[value='2024/M2-002']")).to_have_count(1)

    with hand.step("Legg til sak 2024/M2-005 med forslag til vedtak"):
        to_admin_home(hand)
        add_case(
            hand,
            meeting="2024/M2 (13.03.2024)",
            number=M2_CASE,
            title=M2_CASE_TITLE,
            handler="Gjørtz, Fred",
            kind="Vedtak",
            proposal=M2_PROPOSAL,
        )
    case = Case.objects.get(number=M2_CASE)
    assert (case.meeting, case.kind, case.proposed_decision, case.published_at) == (
        m2,
        Case.Kind.DECISION,
        M2_PROPOSAL,
        None,
    )

    with hand.step("Send innkalling til 2024/M2"):
        to_admin_home(hand)
        to_meetings(hand)
        open_meeting(hand, "2024/M2")
        hand.click(page.get_by_role("link", name="Send innkalling"))
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Send innkalling til 2024/M2 (13.03.2024)"
        )
        recipients = page.locator("table.notice-recipients tbody tr")
        expect(recipients).to_have_count(DEMO_MEMBERS)
        expect(recipients.filter(has_text="Bjørn Styremedlem")).to_contain_text("Molde")
        expect(recipients.filter(has_text="Nås ikke")).to_have_count(0)
        expect(page.locator(".notice-agenda li")).to_have_count(5)
        expect(page.locator(".notice-agenda")).to_contain_text(
            f"{M2_CASE} {M2_CASE_TITLE} (utkast)"
        )
        accessible(page)
        hand.click(
            page.get_by_role("button", name="Publiser utkastene og send innkallingen"),
            timeout=BOOK_MADE_IN_REQUEST,
        )
        expect(page.locator(".messagelist")).to_contain_text(
            "Innkallingen til 2024/M2 (13.03.2024) er på vei (mottakere: 10); sakene er publisert."
        )
        notices = page.locator(".field-notices_sent")
        expect(notices).to_contain_text(
            re.compile(r"Innkalling sendt \d\d\.\d\d\.\d{4} \d\d:\d\d til:")
        )
        expect(notices.locator("li")).to_have_count(DEMO_MEMBERS)
        expect(notices).to_contain_text("Ingrid Aukrust, Aukra <ingrid.aukrust@demo.ror-ikt.no>")
        accessible(page)
    notice = MeetingNotice.objects.get(meeting=m2)
    assert notice.sent_at is not None and len(notice.recipients) == DEMO_MEMBERS
    assert not m2.cases.filter(published_at__isnull=True).exists()
    (message,) = outbox
    assert message.subject == "Innkalling: Samarbeidsrådet for ROR-IKT 13.03.2024"
    assert len(message.bcc) == DEMO_MEMBERS
    assert "ingrid.aukrust@demo.ror-ikt.no" in message.bcc
    assert f"{M2_CASE} {M2_CASE_TITLE}" in message.body
    assert "Molde rådhus" in message.body and "09:00" in message.body

    with hand.step("Før protokoll for 2024/M1 (forfall, vara, endret vedtak)"):
        to_admin_home(hand)
        to_meetings(hand)
        open_meeting(hand, "2024/M1")
        hand.click(page.get_by_role("link", name="Før protokoll"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Protokoll fra møte 2024/M1")
        expect(page.locator("fieldset.minutes-attendance")).to_have_count(DEMO_MEMBERS)
        accessible(page)
        ingrid = attendance_row(page, "Ingrid Aukrust, Kommunedirektør (medlem)")
        hand.choose(ingrid.get_by_label("Oppmøte"), "Forfall")
        hand.type(ingrid.get_by_label("Grunn til forfall"), "Sykdom")
        per = attendance_row(page, "Per Gossen, Kommunalsjef (varamedlem)")
        hand.choose(per.get_by_label("Oppmøte"), "Til stede")
        hand.choose(per.get_by_label("Møter for"), "Ingrid Aukrust (Aukra, medlem)")
        security = decision_row(page, "2024/M1-004 Sikkerhetspartner")
        hand.append(security.get_by_label("Vedtak:"), M1_ADDED)
        hand.type(security.get_by_label("Avstemning og merknader"), "Enstemmig vedtatt.")
        save_minutes(hand)

        hand.click(page.get_by_role("link", name="Forhåndsvis protokollen"))
        minutes = page.locator("article.minutes")
        expect(minutes).to_contain_text("Per Gossen (Aukra), varamedlem, møtte for Ingrid Aukrust")
        expect(minutes).to_contain_text("Ingrid Aukrust (Aukra): Sykdom")
        expect(minutes).to_contain_text("1,864 mill. kr." + M1_ADDED)
        accessible(page)
        hand.click(page.locator(".breadcrumbs").get_by_role("link", name="Protokoll"))
        accessible(page)
    assert m1.attendance.get(member__name="Per Gossen").deputy_for.name == "Ingrid Aukrust"
    assert m1.attendance.get(member__name="Ingrid Aukrust").status == Attendance.Status.ABSENT
    assert m1.cases.get(number="2024/M1-004").decision.endswith(M1_ADDED)

    with hand.step("Publiser protokollen for 2024/M1"):
        publish_minutes(hand, "2024/M1")

    with hand.step("Før og publiser protokollen for 2024/M2 (sak 002 godkjenner)"):
        to_admin_home(hand)
        to_meetings(hand)
        open_meeting(hand, "2024/M2")
        hand.click(page.get_by_role("link", name="Før protokoll"))
        approval = decision_row(page, "2024/M2-002")
        expect(approval.get_by_label("Vedtak:")).to_have_value(
            "Protokollen fra møtet 14.02.2024 godkjennes."
        )
        accessible(page)
        save_minutes(hand)
        publish_minutes(hand, "2024/M2")
    m1_minutes = m1.minutes_versions.get()
    assert m1_minutes.approved_in.number == "2024/M2-002"

    with hand.step("Logg ut"):
        hand.click(page.get_by_role("button", name="Logg ut"))
        accessible(page)


def board_member(page, password: str, outbox: list, tmp_path: Path) -> None:
    # From the link in the notice's e-mail to 2024/M2's page, signing in on the way.
    (link,) = re.findall(r"^https?://\S+/moter/[^/\s]+/$", outbox[0].body, re.MULTILINE)
    assert re.search(r"https?://\S+/moter/2024-M2/motebok/$", outbox[0].body, re.MULTILINE)
    page.goto(urlsplit(link).path)
    accessible(page)
    log_in(page, "styremedlem", password)
    expect(page.get_by_role("heading", level=1)).to_have_text("Møte 2024/M2 den 13.03.2024")
    accessible(page)
    notice = page.locator("section.meeting-notices")
    expect(notice).to_contain_text(f"Innkalling sendt {today()} til:")
    expect(notice.locator("li")).to_have_count(DEMO_MEMBERS)
    expect(notice).to_contain_text("Ingrid Aukrust (Aukra)")
    expect(notice).not_to_contain_text("@")  # names, never addresses
    expect(page.locator("ol.agenda li")).to_have_count(5)
    # The proposal, and the decision the minutes recorded as proposed.
    case = page.locator("section.case").filter(has_text=f"{M2_CASE} {M2_CASE_TITLE}")
    expect(case.get_by_role("heading", level=4)).to_have_text(
        ["Leder ROR-IKT sitt forslag til enighet", "Vedtak"]
    )
    expect(case.get_by_text(M2_PROPOSAL)).to_have_count(2)
    expect(page.locator("section.meeting-minutes")).to_contain_text("Ikke godkjent ennå")
    book = download(
        page,
        page.get_by_role("link", name=re.compile(r"^Last ned møteboka \(PDF, \d+ sider, ")),
        "motebok-2024-M2.pdf",
        tmp_path,
    )
    assert f"{M2_CASE} {M2_CASE_TITLE}" in book and "Molde rådhus" in book

    # 2024/M1 from the front page (it has the published January report).
    page.locator("a.brand").click()  # the front page
    accessible(page)
    page.get_by_role("link", name="Samarbeidsrådet for ROR-IKT 2024/M1, 14.02.2024").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Møte 2024/M1 den 14.02.2024")
    accessible(page)
    expect(page.locator("ol.agenda li")).to_have_count(5)
    expect(page.locator("table.members tbody tr")).to_have_count(DEMO_MEMBERS)
    expect(page.locator("section.meeting-notices")).to_have_count(0)  # the demo sent none
    minutes = page.locator("section.meeting-minutes")
    # Approved at the meeting of 13.03.2024, whenever its minutes were published.
    expect(minutes).to_contain_text("Godkjent i sak 2024/M2-002 13.03.2024")
    expect(minutes.locator("dt")).to_have_text(["Til stede", "Varamedlemmer til stede", "Forfall"])
    expect(minutes.locator("dd")).to_have_text(
        [
            "Siri Farstad, Bjørn Styremedlem, Tor Åndalsnes, Anders Helland",
            "Per Gossen (for Ingrid Aukrust)",
            "Ingrid Aukrust",
        ]
    )
    expect(page.get_by_text("1,864 mill. kr." + M1_ADDED)).to_be_visible()
    text = download(
        page,
        minutes.get_by_role("link", name=f"Protokoll, versjon 1, publisert {today()}"),
        "protokoll-2024-M1.pdf",
        tmp_path,
    )
    assert "Per Gossen (Aukra), varamedlem, møtte for Ingrid Aukrust" in text
    assert "Ingrid Aukrust (Aukra): Sykdom" in text
    assert "Godkjent i sak" not in text  # frozen before the approval

    page.locator("a.brand").click()  # the front page
    accessible(page)
    page.get_by_role("link", name="Møtene i kalenderen din").click()
    accessible(page)
    page.get_by_role("button", name="Lag kalenderadresse").click()
    expect(page.locator(".messages")).to_contain_text("Kalenderadressen din er laget.")
    accessible(page)
    address = page.get_by_label("Kalenderadressen din").input_value()
    feed = page.request.get(urlsplit(address).path)
    assert feed.ok and feed.headers["content-type"].startswith("text/calendar")
    calendar = feed.text().replace("\r\n ", "")  # unfolded
    assert calendar.count("BEGIN:VEVENT") == 2
    assert "SUMMARY:Samarbeidsrådet for ROR-IKT – møte 2024/M2" in calendar
    assert "LOCATION:Molde rådhus" in calendar
    assert "DTSTART:20240313T080000Z" in calendar  # 09:00 in Oslo, winter time
    assert "SUMMARY:Samarbeidsrådet for ROR-IKT – møte 2024/M1" in calendar
    # The notice, and the board told of each of the two minutes published.
    assert len(outbox) == 3
