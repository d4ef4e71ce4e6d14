"""The administrator's steps of the meeting journey (issue 29), through the admin as a
person clicks, with what each step costs: clicks, fields typed, choices made in lists,
and the seconds waited for the publishing jobs. The figures go into the issue's note."""

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from tests.browser.journey_steps import accessible
from tests.reports.printed import document_text


@dataclass
class StepCost:
    name: str
    clicks: int = 0
    typed: int = 0
    chosen: int = 0
    seconds: float = 0.0
    waited: float = 0.0  # of seconds: from a publish click until its job was done


@dataclass
class Effort:
    """The administrator's hand: every click, typed field and list choice goes through
    here and is counted against the step under way."""

    page: Page
    steps: list[StepCost] = field(default_factory=list)

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        self.steps.append(StepCost(name))
        started = time.perf_counter()
        try:
            yield
        finally:
            self.steps[-1].seconds = time.perf_counter() - started

    def click(self, target: Locator, *, timeout: float | None = None) -> None:
        self.steps[-1].clicks += 1
        target.click(timeout=timeout)

    def type(self, target: Locator, text: str) -> None:
        self.steps[-1].typed += 1
        target.fill(text)

    def append(self, target: Locator, text: str) -> None:
        """Typed at the end of what the field holds (the proposal a decision starts as)."""
        self.steps[-1].typed += 1
        target.press("Control+End")
        target.press_sequentially(text)

    def choose(self, target: Locator, label: str) -> None:
        self.steps[-1].chosen += 1
        target.select_option(label=label)

    def click_and_wait_for_job(self, target: Locator, outcome: str) -> float:
        """A click that starts a job, and its page until the job is done: the seconds
        from the click (the test settings run the job within the request)."""
        started = time.perf_counter()
        self.click(target)
        expect(self.page.locator(".job-outcome")).to_contain_text(outcome, timeout=60_000)
        waited = time.perf_counter() - started
        self.steps[-1].waited += waited
        return waited

    def report(self) -> str:
        width = max(len(step.name) for step in self.steps)
        rows = [
            f"{'Steg':<{width}}  klikk  tastet  valgt  tid (s)  venting (s)",
            *(
                f"{s.name:<{width}}  {s.clicks:5}  {s.typed:6}  {s.chosen:5}  "
                f"{s.seconds:7.1f}  {s.waited:11.2f}"
                for s in self.steps
            ),
        ]
        total = StepCost(
            "Sum",
            clicks=sum(s.clicks for s in self.steps),
            typed=sum(s.typed for s in self.steps),
            chosen=sum(s.chosen for s in self.steps),
            seconds=sum(s.seconds for s in self.steps),
            waited=sum(s.waited for s in self.steps),
        )
        rows.append(
            f"{total.name:<{width}}  {total.clicks:5}  {total.typed:6}  {total.chosen:5}  "
            f"{total.seconds:7.1f}  {total.waited:11.2f}"
        )
        return "\n".join(rows)


def sign_in(hand: Effort, username: str, password: str) -> None:
    """The sign-in form on the page now shown (sign_in.log_in's fields), counted."""
    page = hand.page
    hand.type(page.get_by_label("Brukernavn"), username)
    hand.type(page.get_by_label("Passord"), password)
    hand.click(page.get_by_role("button", name="Logg inn"))


def to_admin_home(hand: Effort) -> None:
    """The breadcrumbs' first link, on any admin page."""
    hand.click(hand.page.locator(".breadcrumbs").get_by_role("link").first)
    expect(hand.page.locator("#content-main")).to_be_visible()
    accessible(hand.page)


def to_meetings(hand: Effort) -> None:
    """The admin index's «Møter i samarbeidsrådet»."""
    page = hand.page
    rows = page.locator("#content-main th[scope=row]")
    hand.click(rows.get_by_role("link", name="Møter i samarbeidsrådet", exact=True))
    expect(page.get_by_role("heading", level=1)).to_contain_text("møte i samarbeidsrådet")
    accessible(page)


def open_meeting(hand: Effort, number: str) -> None:
    """From the meetings' list to the meeting's change page."""
    page = hand.page
    hand.click(page.locator("#result_list").get_by_role("link", name=number, exact=True))
    expect(page.get_by_role("link", name="Send innkalling")).to_be_visible()
    accessible(page)


def add_meeting(hand: Effort, *, number: str, date: str, time_of_day: str, place: str) -> None:
    """From the meetings' list: the add form, saved to go on editing it."""
    page = hand.page
    hand.click(page.locator(".object-tools").get_by_role("link", name=re.compile("^Legg til")))
    accessible(page)
    hand.type(page.get_by_label("Nummer:"), number)
    hand.type(page.get_by_label("Dato:"), date)
    hand.type(page.get_by_label("Tidspunkt:"), time_of_day)
    hand.type(page.get_by_label("Sted:"), place)
    hand.click(page.get_by_role("button", name="Lagre og fortsett å redigere"))
    expect(page.locator(".messagelist")).to_contain_text(number)
    accessible(page)


def add_case(
    hand: Effort,
    *,
    meeting: str,
    number: str,
    title: str,
    handler: str,
    kind: str,
    proposal: str,
) -> None:
    """Rapporter, Saker, Legg til: from the admin index, the add form, saved."""
    page = hand.page
    rows = page.locator(".app-reports th[scope=row]")
    hand.click(rows.get_by_role("link", name="Saker", exact=True))
    accessible(page)
    hand.click(page.locator(".object-tools").get_by_role("link", name=re.compile("^Legg til")))
    accessible(page)
    hand.choose(page.get_by_label("Møte:"), meeting)
    hand.type(page.get_by_label("Saksnummer:"), number)
    hand.type(page.get_by_label("Tittel:", exact=True), title)
    hand.type(page.get_by_label("Saksbehandler:"), handler)
    hand.choose(page.get_by_label("Type:"), kind)
    hand.type(page.get_by_label("Forslag til vedtak:"), proposal)
    hand.click(page.get_by_role("button", name="Lagre", exact=True))
    expect(page.locator(".messagelist")).to_contain_text(number)
    accessible(page)


def attendance_row(page: Page, legend: str) -> Locator:
    """A member's or deputy's fieldset on the minutes page, by its legend."""
    return page.get_by_role("group", name=legend, exact=True)


def decision_row(page: Page, case: str) -> Locator:
    return page.locator("fieldset.minutes-decision").filter(
        has=page.locator("legend", has_text=case)
    )


# A save that changes what the meeting book shows makes the book (the board's and the
# public's) before its page answers: the test settings run the task in the request,
# where production's worker runs it after. On a loaded machine that is over the
# default 10 s.
BOOK_MADE_IN_REQUEST = 60_000  # ms


def save_minutes(hand: Effort) -> None:
    hand.click(
        hand.page.get_by_role("button", name="Lagre protokollen"), timeout=BOOK_MADE_IN_REQUEST
    )
    expect(hand.page.locator(".messagelist")).to_contain_text("Protokollen er lagret.")
    accessible(hand.page)


def publish_minutes(hand: Effort, number: str) -> float:
    """From the minutes page: the confirmation, then the job page until it is done;
    returns the seconds waited there."""
    page = hand.page
    hand.click(page.get_by_role("link", name="Publiser protokollen"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Publiser protokollen fra møte {number}"
    )
    accessible(page)
    waited = hand.click_and_wait_for_job(
        page.get_by_role("button", name="Publiser versjon 1 av protokollen"),
        "Versjon 1 av protokollen er publisert.",
    )
    accessible(page)
    return waited


def download(page: Page, link: Locator, name: str, folder: Path) -> str:
    """The PDF the link downloads, by the name it suggests; returns its text, its
    runs of white space made one."""
    with page.expect_download() as started:
        link.click()
    assert started.value.suggested_filename == name
    path = folder / name
    started.value.save_as(path)
    assert path.read_bytes()[:5] == b"%PDF-"
    return document_text(path)
