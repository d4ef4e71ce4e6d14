"""The minutes (protokoll) of a board meeting: who came and what was decided, written
as HTML and PDF/A and published as frozen versions (the third kind of
reports.publishing.FrozenDocument). Publishing them records what follows from them:
the approval of the earlier meeting's minutes and the decisions to follow up."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from meetings.models import Attendance, BoardMember, MinutesVersion
from reports.frozen import intact_stored_html
from reports.models import BoardMeeting, Case, DecisionFollowUp
from reports.pdf import render_pdf
from reports.rendering import case_texts, render_print_document
from ror_portal.withholding import NOTHING, Withheld, missing_passages_message, withheld_line


@dataclass
class MinutesCase:
    case: Case
    title: str  # in a public edition, the case's public title
    decision: SafeString  # Markdown rendered, its figure references resolved
    # In a public edition, where the whole case is withheld: the line in its place.
    withheld_line: str = ""
    # The votes and remarks, which a public edition leaves out with a withheld decision.
    remarks: str = ""


@dataclass
class AttendanceSummary:
    """Who came: members present, deputies present (with whom they met for), and those
    absent. A deputy not called is not absent from anything: listed only with a reason."""

    present: list[Attendance] = field(default_factory=list)
    deputies: list[Attendance] = field(default_factory=list)
    absent: list[Attendance] = field(default_factory=list)

    @property
    def recorded(self) -> bool:
        return bool(self.present or self.deputies or self.absent)


def proposed_or_decided(case: Case) -> str:
    """The decision the minutes start from: as recorded, else the proposal."""
    return case.decision or case.proposed_decision


def attendance_summary(meeting: BoardMeeting) -> AttendanceSummary:
    summary = AttendanceSummary()
    rows = meeting.attendance.select_related("member__municipality", "deputy_for")
    for row in rows:
        deputy = row.member.role == BoardMember.Role.DEPUTY
        if row.status == Attendance.Status.PRESENT:
            (summary.deputies if deputy else summary.present).append(row)
        elif not deputy or row.reason:
            summary.absent.append(row)
    return summary


def minutes_cases(meeting: BoardMeeting, withheld: Withheld | None = None) -> list[MinutesCase]:
    """The meeting's published cases in number order, with their decisions as the minutes
    show them; ValidationError if a decision quotes a figure its case document lacks. A
    draft case is the administrators' alone, so it is not in minutes the board reads.
    With ``withheld``, as the public edition shows them (ror_portal.withholding)."""
    public = withheld is not None
    withheld = withheld or NOTHING
    cases, missing, passages = [], [], []
    for case in meeting.cases.published().order_by("number"):
        texts = case_texts(case, withheld)
        missing += [f"{case.number}: {reference}" for reference in texts.missing_figures]
        passages += [f"{case.number}: {passage}" for passage in texts.missing_passages]
        whole = withheld.basis(f"case:{case.pk}")
        line = withheld_line(whole) if whole is not None else SafeString("")
        decision_withheld = withheld.basis(f"case:{case.pk}:decision") is not None
        remarks = "" if decision_withheld else case.decision_remarks
        cases.append(
            MinutesCase(case, case.title_for(public=public), texts.decision, line, remarks)
        )
    if missing:
        raise ValidationError(
            _("The decisions quote figures their case documents do not have: %(references)s.")
            % {"references": ", ".join(missing)}
        )
    if passages:
        raise ValidationError(missing_passages_message(passages))
    return cases


def approval_of(meeting: BoardMeeting) -> MinutesVersion | None:
    """The approved version of the meeting's minutes, if any (the newest)."""
    return (
        meeting.minutes_versions.filter(approved_in__isnull=False)
        .select_related("approved_in__meeting")
        .first()
    )


def minutes_content(meeting: BoardMeeting, withheld: Withheld | None = None) -> str:
    """The minutes' HTML, the same for the admin's preview, the version and its PDF;
    with ``withheld``, their public edition."""
    return render_to_string(
        "meetings/includes/minutes_content.html",
        {
            "meeting": meeting,
            "attendance": attendance_summary(meeting),
            "cases": minutes_cases(meeting, withheld),
            "approved": approval_of(meeting),
        },
    )


def minutes_title(meeting: BoardMeeting) -> str:
    return _("Minutes of meeting %(number)s") % {"number": meeting.number}


def minutes_print_html(
    meeting: BoardMeeting, content: str, version: MinutesVersion | None = None, public=False
) -> str:
    return render_print_document(
        title=minutes_title(meeting),
        meeting=meeting,
        content=content,
        version=version,
        public=public,
    )


def minutes_pdf(
    meeting: BoardMeeting, content: str, version: MinutesVersion | None = None, public=False
) -> bytes:
    return render_pdf(minutes_print_html(meeting, content, version, public))


def latest_minutes(meeting: BoardMeeting) -> MinutesVersion | None:
    return meeting.minutes_versions.order_by("-number").first()


def minutes_approve(meeting: BoardMeeting, *, at: datetime.datetime) -> list[MinutesVersion]:
    """Each standing case of the meeting that approves an earlier meeting's minutes, and
    has its decision, approves the latest published version of them, once."""
    approved = []
    approving = meeting.cases.filter(minutes_of__isnull=False).exclude(decision="")
    for case in approving.select_related("minutes_of"):
        version = latest_minutes(case.minutes_of) if case.minutes_of else None
        if version is not None and version.approved_in_id is None:
            version.approved_in, version.approved_at = case, at
            version.save(update_fields=["approved_in", "approved_at"])
            approved.append(version)
    return approved


def decisions_follow_up(meeting: BoardMeeting, *, user) -> list[DecisionFollowUp]:
    """A decision with a responsible person or a deadline goes into decision follow-up
    from the meeting's month, not started, unless it is followed up already."""
    decisions = (
        meeting.cases.filter(kind=Case.Kind.DECISION, follow_ups__isnull=True)
        .exclude(responsible="", deadline__isnull=True)
        .order_by("number")
    )
    follow_ups = []
    for case in decisions:
        follow_up = DecisionFollowUp(case=case, month=meeting.date.replace(day=1))
        follow_up._history_user = user  # type: ignore[attr-defined]
        follow_up.save()
        follow_ups.append(follow_up)
    return follow_ups


class MinutesKind:
    """The minutes of a meeting: refused until the attendance is recorded; publishing
    them approves the earlier meeting's minutes and starts the follow-up of decisions."""

    name = "minutes"
    model = BoardMeeting
    related: tuple[str, ...] = ()
    monthly_report = False
    admin_page = "admin:reports_boardmeeting_minutes"

    def versions(self, document: BoardMeeting) -> QuerySet:
        return document.minutes_versions.all()

    def rendering_step(self) -> str:
        return _("Writing the minutes")

    def render(self, document: BoardMeeting, *, number: int) -> tuple[str, None]:
        if not document.attendance.exists():
            raise ValidationError(
                _("The minutes cannot be published before the attendance is recorded.")
            )
        return minutes_content(document), None

    def new_version(
        self, document: BoardMeeting, *, number: int, user, rendered: None
    ) -> MinutesVersion:
        return MinutesVersion(meeting=document, number=number, published_by=user)

    def unchanged(self, latest: MinutesVersion, version: MinutesVersion, content: str) -> bool:
        return intact_stored_html(latest) == content

    def pdf(
        self, document: BoardMeeting, *, content: str, rendered: None, version: MinutesVersion
    ) -> bytes:
        return minutes_pdf(document, content, version)

    def base_name(self, document: BoardMeeting) -> str:
        return f"protokoll-{document.slug}"

    def sources(self, version: MinutesVersion, rendered: None) -> dict[str, list[int]]:
        return {}  # the minutes show no figures of their own

    def after_saving(
        self, document: BoardMeeting, *, version: MinutesVersion, user, pdf: bytes
    ) -> None:
        minutes_approve(document, at=version.published_at)
        decisions_follow_up(document, user=user)

    def job_title(self, document: BoardMeeting, number: int) -> str:
        return _("Publishing version %(number)s of the minutes of %(meeting)s") % {
            "number": number,
            "meeting": document.number,
        }

    def published_message(self, document: BoardMeeting, version: MinutesVersion) -> str:
        return _("Version %(number)s of the minutes is published.") % {"number": version.number}

    def back_link(self) -> str:
        return _("Back to the minutes")


MINUTES = MinutesKind()
