"""The meeting as a whole: who sits on the board, the notice that calls them, who came,
the minutes, the meeting book (one PDF of the meeting's papers) and members' calendars.

A meeting and its cases are reports.BoardMeeting and reports.Case."""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from reports.models import BoardMeeting, Case, FrozenVersion
from ror_portal.collation import norwegian
from ror_portal.models import Municipality, done_by, serving


class BoardMemberQuerySet(models.QuerySet):
    def serving_on(self, day: datetime.date) -> "BoardMemberQuerySet":
        """Members and deputies whose period covers the day: the ones a meeting calls."""
        return self.filter(serving("serves_from", "serves_until", day))


class BoardMember(models.Model):
    """A member or deputy of Samarbeidsrådet for a municipality, for a period."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        DEPUTY = "deputy", _("Deputy")

    name = models.CharField(_("name"), max_length=200)
    municipality = models.ForeignKey(
        Municipality, models.PROTECT, related_name="board_members", verbose_name=_("municipality")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    title = models.CharField(
        _("position"), max_length=200, blank=True, help_text=_("For example Rådmann.")
    )
    email = models.EmailField(
        _("e-mail"), blank=True, help_text=_("Empty to use the e-mail of the portal account.")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="board_seats",
        verbose_name=_("portal account"),
    )
    serves_from = models.DateField(_("serves from"))
    serves_until = models.DateField(
        _("serves until"), null=True, blank=True, help_text=_("Empty while still serving.")
    )

    objects = BoardMemberQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("board member")
        verbose_name_plural = _("board members")
        ordering = [norwegian("municipality__name"), "role", norwegian("name")]

    def __str__(self) -> str:
        return f"{self.name} ({self.municipality}, {self.get_role_display().lower()})"

    @property
    def address(self) -> str:
        """Where the notice goes: the member's own address, or the portal account's."""
        return self.email or (self.user.email if self.user else "")

    def clean(self) -> None:
        if self.serves_until and self.serves_from and self.serves_until < self.serves_from:
            raise ValidationError({"serves_until": _("The period cannot end before it starts.")})


class MeetingNotice(models.Model):
    """A notice (innkalling) of a meeting: sent by a task after the commit, to the
    members and deputies serving on the meeting's day. Who got it is kept as sent."""

    meeting = models.ForeignKey(
        BoardMeeting, models.CASCADE, related_name="notices", verbose_name=_("meeting")
    )
    sent_by = done_by(_("sent by"))
    queued_at = models.DateTimeField(_("ordered at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    recipients = models.JSONField(_("recipients"), default=list)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["meeting", "-queued_at"]

    def __str__(self) -> str:
        return str(_("Notice of %(meeting)s") % {"meeting": self.meeting})


class Attendance(models.Model):
    """Who came to a meeting, as the minutes record it."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Absent")

    meeting = models.ForeignKey(
        BoardMeeting, models.CASCADE, related_name="attendance", verbose_name=_("meeting")
    )
    member = models.ForeignKey(
        BoardMember, models.PROTECT, related_name="attendance", verbose_name=_("board member")
    )
    status = models.CharField(_("attendance"), max_length=10, choices=Status.choices)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    deputy_for = models.ForeignKey(
        BoardMember,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("deputy for"),
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", norwegian("member__municipality__name"), "member__role"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="one_attendance_each"),
        ]

    def __str__(self) -> str:
        return f"{self.member.name}: {self.get_status_display()}"

    def clean(self) -> None:
        if self.deputy_for_id and self.status != self.Status.PRESENT:
            raise ValidationError(
                {"deputy_for": _("Only a deputy who is present meets for someone.")}
            )
        if self.deputy_for_id and self.deputy_for_id == self.member_id:
            raise ValidationError({"deputy_for": _("A member cannot be their own deputy.")})


def minutes_path(version: "MinutesVersion", filename: str) -> str:
    return f"minutes/{version.meeting.slug}/v{version.number}/{filename}"


class MinutesVersion(FrozenVersion):
    """A published version of a meeting's minutes (protokoll), frozen like a report.
    The next meeting's standing case approves it."""

    meeting = models.ForeignKey(
        BoardMeeting, models.PROTECT, related_name="minutes_versions", verbose_name=_("meeting")
    )
    html = models.FileField(_("HTML"), upload_to=minutes_path)
    pdf = models.FileField(_("PDF"), upload_to=minutes_path)
    approved_in = models.ForeignKey(
        Case,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="approved_minutes",
        verbose_name=_("approved in case"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("published minutes")
        verbose_name_plural = _("published minutes")
        ordering = ["meeting", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="one_number_per_minutes"),
        ]

    def __str__(self) -> str:
        return str(
            _("Minutes of %(meeting)s, version %(number)s")
            % {"meeting": self.meeting, "number": self.number}
        )

    def notice_title(self) -> str:
        return str(_("Minutes of meeting %(number)s") % {"number": self.meeting.number})

    def notice_path(self) -> str:
        return self.meeting.get_absolute_url()  # the minutes are read from its page


def meeting_book_path(book: "MeetingBook", filename: str) -> str:
    return f"meeting-books/{book.meeting.slug}/v{book.number}/{filename}"


class MeetingBook(models.Model):
    """One PDF/A of a meeting's published papers: front page with the agenda, then each
    case's sheet and document. Made by the worker whenever what it holds changes; each
    making is a new version, and ``contents`` (the SHA-256 of what went in) says whether
    the newest is still the meeting as it is."""

    meeting = models.ForeignKey(
        BoardMeeting, models.PROTECT, related_name="books", verbose_name=_("meeting")
    )
    number = models.PositiveIntegerField(_("version"))
    pdf = models.FileField(_("PDF"), upload_to=meeting_book_path)
    pdf_sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64)
    contents = models.CharField(_("SHA-256 of the contents"), max_length=64)
    pages = models.PositiveIntegerField(_("pages"))
    made_at = models.DateTimeField(_("made at"), default=timezone.now)

    class Meta:
        verbose_name = _("meeting book")
        verbose_name_plural = _("meeting books")
        ordering = ["meeting", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="one_number_per_book"),
        ]

    def __str__(self) -> str:
        return str(
            _("Meeting book of %(meeting)s, version %(number)s")
            % {"meeting": self.meeting, "number": self.number}
        )

    @property
    def published_at(self) -> datetime.datetime:
        """When the board was given it: when it was made (a footer names it as it
        names a version's publishing, reports.rendering.print_edition)."""
        return self.made_at


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A member's private calendar address: its secret token is the only key, so it
    can be revoked (deleted) and made anew."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("user"),
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_calendar_token)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(_("Calendar of %(user)s") % {"user": self.user})

    def get_absolute_url(self) -> str:
        return reverse("meetings:calendar_feed", args=[self.token])
