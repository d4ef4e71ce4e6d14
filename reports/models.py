import datetime
import re
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from reports.uploads import attachment_path, validate_attachment
from ror_portal.blocks import Period, get_block
from ror_portal.collation import norwegian
from ror_portal.formatting import month_label
from ror_portal.markdown import validate_markdown
from ror_portal.models import done_by


class BoardMeeting(models.Model):
    body = models.CharField(_("body"), max_length=200, default="Samarbeidsrådet for ROR-IKT")
    number = models.CharField(
        _("number"), max_length=20, unique=True, help_text=_("For example 2024/M1.")
    )
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("board meeting")
        verbose_name_plural = _("board meetings")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.number} ({date_format(self.date)})"

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting", args=[self.slug])

    @property
    def slug(self) -> str:
        return self.number.replace("/", "-")

    @property
    def period(self) -> Period:
        """The figures a meeting's own papers quote: its month, as of its day."""
        day = self.date
        return Period(month=day.replace(day=1), as_of=day, meeting_date=day)


class CaseQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)


class Case(models.Model):
    """A case for a meeting. A draft until it is published, on its own or with a report
    of its meeting: until then only administrators see it, its texts or attachments."""

    class Kind(models.TextChoices):
        DECISION = "decision", _("Decision")
        ORIENTATION = "orientation", _("Orientation")

    class Standing(models.TextChoices):
        """The cases every meeting has (meetings.agenda adds them to a new meeting)."""

        NOTICE_APPROVAL = "notice_approval", _("Approval of the notice and agenda")
        MINUTES_APPROVAL = "minutes_approval", _("Approval of the minutes")
        MONTHLY_REPORT = "monthly_report", _("Monthly report")
        ORIENTATION = "orientation", _("Orientation matters")

    meeting = models.ForeignKey(
        BoardMeeting, models.CASCADE, related_name="cases", verbose_name=_("meeting")
    )
    number = models.CharField(
        _("case number"), max_length=30, unique=True, help_text=_("For example 2024/M1-004.")
    )
    title = models.CharField(_("title"), max_length=200)
    public_title = models.CharField(
        _("public title"),
        max_length=200,
        blank=True,
        help_text=_(
            "The title the public sees (offentlig tittel), where the title itself holds "
            "what is withheld; empty: the title."
        ),
    )
    handler = models.CharField(_("case handler"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    standing = models.CharField(
        _("standing case"),
        max_length=20,
        choices=Standing.choices,
        blank=True,
        help_text=_("Empty for a case of its own; set on the cases every meeting has."),
    )
    subject = models.CharField(
        _("the case concerns"),
        max_length=300,
        blank=True,
        help_text=_("One sentence for the case sheet, after «Saken gjelder»."),
    )
    minutes_of = models.ForeignKey(
        BoardMeeting,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="minutes_approvals",
        verbose_name=_("approves the minutes of"),
        help_text=_("For the approval of the minutes: the meeting whose minutes it approves."),
    )
    proposed_decision = models.TextField(
        _("proposed decision"),
        blank=True,
        validators=[validate_markdown],
        help_text=_("The head of ROR-IKT's proposal for agreement (Markdown)."),
    )
    decision = models.TextField(
        _("decision"),
        blank=True,
        validators=[validate_markdown],
        help_text=_("Filled in once the board has decided (Markdown)."),
    )
    decision_remarks = models.TextField(
        _("votes and remarks"),
        blank=True,
        help_text=_("How the board voted, or remarks to the minutes, if any."),
    )
    responsible = models.CharField(
        _("responsible"),
        max_length=200,
        blank=True,
        help_text=_(
            "Who follows up the decision; with a deadline or a responsible person "
            "the decision goes into decision follow-up."
        ),
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    document_block = models.CharField(
        _("case document"),
        max_length=100,
        blank=True,
        help_text=_("A data block that writes the case document (saksframlegg) from data."),
    )
    # Set once, by reports.publishing.case_publish; empty while the case is a draft.
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)

    objects = CaseQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        """Where a case is read: its case document page when it has one, as on the meeting
        page; otherwise its section of the meeting page (proposal, decision, attachments)."""
        if self.document_block:
            return reverse("reports:case", args=[self.slug])
        return f"{self.meeting.get_absolute_url()}#case-{self.pk}"

    @property
    def slug(self) -> str:
        return self.number.replace("/", "-")

    def title_for(self, *, public: bool) -> str:
        """The title the board reads, or the public's (its public title where it has one)."""
        return (self.public_title or self.title) if public else self.title

    @property
    def published_on(self) -> datetime.date | None:
        """The day the case was published, in Norwegian time."""
        return timezone.localdate(self.published_at) if self.published_at else None

    @property
    def period(self) -> Period:
        return self.meeting.period

    def clean(self) -> None:
        if self.meeting_id and not self.number.startswith(f"{self.meeting.number}-"):
            raise ValidationError(
                {
                    "number": _("A case of meeting %(meeting)s is numbered %(meeting)s-NNN.")
                    % {"meeting": self.meeting.number}
                }
            )


class DecisionFollowUp(models.Model):
    """What has come of a decision by a month, so later reports can tell the board."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    case = models.ForeignKey(
        Case, models.CASCADE, related_name="follow_ups", verbose_name=_("case")
    )
    month = models.DateField(_("month"), help_text=_("Any day of the month; stored as the 1st."))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )
    comment = models.TextField(_("comment"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision follow-up")
        verbose_name_plural = _("decision follow-ups")
        ordering = ["case", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["case", "month"], name="one_follow_up_per_case_month"),
        ]

    def __str__(self) -> str:
        return f"{self.case.number}, {month_label(self.month)}"

    def clean(self) -> None:
        if self.month:
            self.month = self.month.replace(day=1)
        # The case itself, not case_id: the admin adds a case and its follow-ups together,
        # so the case may have no id yet.
        case = getattr(self, "case", None)
        if case is None:
            return
        if case.kind != Case.Kind.DECISION:
            # Not keyed to "case": the admin shows follow-ups inline, where that field is hidden.
            raise ValidationError(
                _("Only decision cases are followed up; %(case)s is not a decision case.")
                % {"case": case.number}
            )
        if self.month and case.meeting_id and self.month < case.meeting.date.replace(day=1):
            message = _("A follow-up cannot be before %(month)s, the month of meeting %(meeting)s.")
            raise ValidationError(
                {
                    "month": message
                    % {
                        "month": month_label(case.meeting.date),
                        "meeting": case.meeting.number,
                    }
                }
            )


class FrozenVersion(models.Model):
    """What a published version of a report or a case document keeps: its number, the
    HTML and PDF exactly as the board was given them, with their SHA-256, who published
    it and when, and whether its notice went out (sent, failed with why, or on its way:
    the version is published either way, and a failed notice can be sent again).

    ``html`` and ``pdf`` are declared by each version: where its files go differs, and
    their ``upload_to`` is part of the migrations' state."""

    number = models.PositiveIntegerField(_("version"))
    html_sha256 = models.CharField(_("SHA-256 of the HTML"), max_length=64)
    pdf_sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("published by")
    )
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    notice_sent_at = models.DateTimeField(_("notice sent at"), null=True, blank=True)
    notice_error = models.TextField(_("notice error"), blank=True)

    class Meta:
        abstract = True

    @property
    def notice_failed(self) -> bool:
        return bool(self.notice_error) and self.notice_sent_at is None

    def notice_title(self) -> str:
        """What the notice of the version calls it (each kind of version says)."""
        raise NotImplementedError

    def notice_path(self) -> str:
        """Where the notice sends the reader (each kind of version says)."""
        raise NotImplementedError


def case_document_path(version: "CaseDocumentVersion", filename: str) -> str:
    return f"cases/{version.case.slug}/v{version.number}/{filename}"


class CaseDocumentVersion(FrozenVersion):
    """A published case document, frozen like a report version."""

    case = models.ForeignKey(
        Case, models.PROTECT, related_name="document_versions", verbose_name=_("case")
    )
    html = models.FileField(_("HTML"), upload_to=case_document_path)
    pdf = models.FileField(_("PDF"), upload_to=case_document_path)

    class Meta:
        verbose_name = _("published case document")
        verbose_name_plural = _("published case documents")
        ordering = ["case", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="one_number_per_case_document"),
        ]

    def __str__(self) -> str:
        return _("%(case)s, version %(number)s") % {"case": self.case, "number": self.number}

    def notice_title(self) -> str:
        return str(self.case)

    def notice_path(self) -> str:
        # A case with a document: it is read on the document's page.
        return self.case.get_absolute_url()


class Attachment(models.Model):
    case = models.ForeignKey(
        Case, models.CASCADE, related_name="attachments", verbose_name=_("case")
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"),
        upload_to=attachment_path,
        validators=[validate_attachment],
        help_text=_("PDF, XLSX, DOCX, PNG or JPEG, at most 20 MB."),
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reports:attachment", args=[self.pk])

    @property
    def download_name(self) -> str:
        return PurePath(self.file.name or "").name.split("-", 1)[-1]

    @property
    def listed_name(self) -> str:
        """As a case sheet lists it: «2024.02.14 - Saksframlegg Sikkerhetspartner.pdf»."""
        return f"{self.title}{PurePath(self.file.name or '').suffix}"


class MonthlyReport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    meeting = models.ForeignKey(
        BoardMeeting,
        models.PROTECT,
        related_name="reports",
        verbose_name=_("meeting"),
    )
    month = models.DateField(
        _("month reported on"), unique=True, help_text=_("Any day of the month; stored as the 1st.")
    )
    as_of = models.DateField(_("figures as of"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")
        ordering = ["-month"]

    def __str__(self) -> str:
        return _("Monthly report %(month)s") % {"month": month_label(self.month)}

    def get_absolute_url(self) -> str:
        return reverse("reports:report", args=[self.slug])

    def clean(self) -> None:
        if self.month:
            self.month = self.month.replace(day=1)
        if self.month and self.meeting_id and self.meeting.date < self.month:
            raise ValidationError(
                {"meeting": _("The meeting is before the month the report covers.")}
            )

    @property
    def slug(self) -> str:
        return self.month.strftime("%Y-%m")

    @property
    def period(self) -> Period:
        return Period(month=self.month, as_of=self.as_of, meeting_date=self.meeting.date)

    @property
    def pdf_name(self) -> str:
        return f"ror-ikt-manedsrapport-{self.slug}.pdf"


# A year or a Norwegian month name in a title: it belongs to one month's report.
DATED_TITLE = re.compile(
    r"\b(?:(?:19|20)\d\d|januar|februar|mars|april|mai|juni|juli|august|september|oktober"
    r"|november|desember)\b",
    re.IGNORECASE,
)


class Section(models.Model):
    """A section of a report. Its number (2.1.2.6) follows from its place in the tree."""

    report = models.ForeignKey(
        MonthlyReport, models.CASCADE, related_name="sections", verbose_name=_("report")
    )
    parent = models.ForeignKey(
        "self",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("under section"),
        help_text=_("Empty for a main section."),
    )
    position = models.PositiveIntegerField(_("position"), default=0, editable=False)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(
        _("text"),
        blank=True,
        validators=[validate_markdown],
        help_text=_("Markdown: lists, tables, links."),
    )
    block = models.CharField(
        _("data block"),
        max_length=100,
        blank=True,
        help_text=_("Figures from the portal's data, shown after the text."),
    )
    body_after_block = models.TextField(
        _("text after the data block"), blank=True, validators=[validate_markdown]
    )
    unchanged_since_copy = models.BooleanField(
        _("unchanged since last month"),
        default=False,
        editable=False,
        help_text=_(
            "Set when the text is copied from last month's report; cleared when it is edited "
            "or confirmed as still true."
        ),
    )

    history = HistoricalRecords()

    # The fields whose editing makes a copied text this month's own.
    TEXT_FIELDS = ("body", "body_after_block")

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def has_text(self) -> bool:
        return bool(self.body.strip() or self.body_after_block.strip())

    @property
    def can_go_stale(self) -> bool:
        """Whether a copy for next month may say something no longer true: its text, or
        a title that names a year or a month ("Regnskap 2023")."""
        return self.has_text or bool(DATED_TITLE.search(self.title))

    def note_edited(self, changed_fields) -> None:
        """An edit of the text makes it this month's: it is no longer flagged as copied.
        Without text, the title is what was flagged, so editing it is enough."""
        fields = set(self.TEXT_FIELDS) if self.has_text else {*self.TEXT_FIELDS, "title"}
        if set(changed_fields) & fields:
            self.unchanged_since_copy = False

    def clean(self) -> None:
        if self.block and get_block(self.block) is None:
            raise ValidationError({"block": _("There is no data block with this name.")})
        parent = self.parent
        if self.parent_id is None or parent is None:
            return
        if parent.report_id != self.report_id:
            raise ValidationError({"parent": _("The section above must be in the same report.")})
        ancestor = self.parent
        while ancestor is not None:
            if self.pk and ancestor.pk == self.pk:
                raise ValidationError(
                    {"parent": _("A section cannot be placed under itself or one of its own.")}
                )
            ancestor = ancestor.parent


class Term(models.Model):
    term = models.CharField(_("term"), max_length=100, unique=True)
    definition = models.TextField(_("definition"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("glossary")
        ordering = [norwegian("term")]

    def __str__(self) -> str:
        return self.term


def report_file_path(version: "ReportVersion", filename: str) -> str:
    return f"reports/{version.report.slug}/v{version.number}/{filename}"


class ReportVersion(FrozenVersion):
    """A published, frozen version: exactly what the board was given, with the figures
    of its data blocks."""

    report = models.ForeignKey(
        MonthlyReport, models.PROTECT, related_name="versions", verbose_name=_("report")
    )
    html = models.FileField(_("HTML"), upload_to=report_file_path)
    pdf = models.FileField(_("PDF"), upload_to=report_file_path)
    block_data = models.JSONField(_("figures of the data blocks"), default=dict)
    change_note = models.TextField(
        _("change note"),
        blank=True,
        help_text=_("What is new in this version, for the notice and the version's page."),
    )
    # Not a field: reports.selectors.published_version sets the report's versions
    # (newest first) on the instance it returns, for the version page to list.
    all_versions: list["ReportVersion"]

    class Meta:
        verbose_name = _("published version")
        verbose_name_plural = _("published versions")
        ordering = ["report", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="one_number_per_version"),
        ]

    def __str__(self) -> str:
        return _("%(report)s, version %(number)s") % {"report": self.report, "number": self.number}

    def get_absolute_url(self) -> str:
        return reverse("reports:version", args=[self.report.slug, self.number])

    def notice_title(self) -> str:
        return str(self.report)

    def notice_path(self) -> str:
        return self.report.get_absolute_url()


class Restatement(models.Model):
    """A figure of a published version that an import changed afterwards, confirmed by
    the one who imported it (ror_portal.restatements): the changes page marks it, so the
    board never sees two values for one date without a word."""

    version = models.ForeignKey(
        ReportVersion,
        models.PROTECT,
        related_name="restatements",
        verbose_name=_("published version"),
    )
    section = models.CharField(_("section"), max_length=300)
    block = models.CharField(_("data block"), max_length=100)
    label = models.CharField(_("figure"), max_length=300)
    # As the version's key figures keep them, as text: "50.0" prints as "50,0 %".
    published = models.CharField(_("published value"), max_length=40)
    restated = models.CharField(_("value after the import"), max_length=40)
    unit = models.CharField(_("unit"), max_length=10, blank=True)
    source = models.CharField(_("source"), max_length=300)
    recorded_by = done_by(_("imported by"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("restated figure")
        verbose_name_plural = _("restated figures")
        ordering = ["-recorded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.version}: {self.label} {self.published} → {self.restated}"
