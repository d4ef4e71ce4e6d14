"""The notice (innkalling) of a meeting: who it calls, what it says, and sending it.

Sending is two steps: the administrator's confirmation publishes the meeting's draft
cases and records the notice in one transaction, and a task sends the e-mail after the
commit (meetings.notice_tasks, with what it says in meetings.notice_mail), so a mail
server that is down undoes nothing."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from meetings.models import BoardMember, MeetingNotice
from meetings.notice_tasks import notice_enqueue
from reports.models import BoardMeeting
from reports.publishing import case_publish
from ror_portal.formatting import format_date


def called_members(meeting: BoardMeeting) -> list[BoardMember]:
    """Who the notice calls: the members and deputies serving on the meeting's day."""
    return list(BoardMember.objects.serving_on(meeting.date).select_related("municipality", "user"))


def reachable(members: list[BoardMember]) -> list[BoardMember]:
    return [member for member in members if member.address]


def as_sent(member: BoardMember) -> dict:
    """A recipient as the notice records it: who they were when it went."""
    return {
        "name": member.name,
        "municipality": member.municipality.name,
        "role": member.role,
        "address": member.address,
    }


def refusal(meeting: BoardMeeting, members: list[BoardMember]) -> str | None:
    """Why the meeting cannot be called now, or None. A notice still on its way refuses
    another: a second click must not call the board twice."""
    if meeting.notices.filter(sent_at__isnull=True, error="").exists():
        return _("A notice of this meeting is on its way already.")
    if not meeting.cases.exists():
        return _("The meeting has no cases: add its agenda before sending the notice.")
    if not reachable(members):
        return _(
            "No member or deputy serving on %(date)s has an e-mail address: the notice "
            "would reach no one."
        ) % {"date": format_date(meeting.date)}
    return None


def meeting_notice_send(*, meeting: BoardMeeting, user) -> MeetingNotice:
    """Call the meeting: publish its draft cases (the board sees its agenda and papers),
    record the notice with its recipients, and send it after the commit. A case that
    cannot be published, or a refusal, raises ValidationError and nothing happens."""
    with transaction.atomic():
        # One notice at a time per meeting: the second of two clicks waits here, then
        # sees the first one's notice on its way.
        BoardMeeting.objects.select_for_update().filter(pk=meeting.pk).first()
        members = called_members(meeting)
        problem = refusal(meeting, members)
        if problem:
            raise ValidationError(problem)
        for case in meeting.cases.filter(published_at__isnull=True):
            case_publish(case=case, user=user, reason=_("Published with the notice"))
        notice = MeetingNotice.objects.create(
            meeting=meeting,
            sent_by=user,
            recipients=[as_sent(member) for member in reachable(members)],
        )
        transaction.on_commit(lambda: notice_enqueue(notice), robust=True)
    return notice


def notice_send_again(notice: MeetingNotice) -> bool:
    """An administrator's "send again" of a notice that failed: three new tries. The
    error is cleared so the pages show it on its way. A notice sent or on its way is
    left alone: two tasks must not send it at once."""
    if notice.sent_at is not None or not notice.error:
        return False
    notice.error = ""
    notice.save(update_fields=["error"])
    notice_enqueue(notice)
    return True
