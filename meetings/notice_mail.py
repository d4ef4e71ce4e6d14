"""What the notice of a meeting says: one e-mail with the time, the place, the agenda
and a link to the meeting page."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from meetings.models import MeetingNotice
from reports.models import BoardMeeting
from reports.notifications import one_line
from ror_portal.formatting import format_date


def notice_subject(meeting: BoardMeeting) -> str:
    return _("Notice: %(body)s %(date)s") % {
        "body": one_line(meeting.body),
        "date": format_date(meeting.date),
    }


def notice_email(notice: MeetingNotice) -> EmailMultiAlternatives:
    """The notice as one e-mail, its recipients in Bcc so none sees the others. It
    names the cases, never their content: that is read in the portal, signed in."""
    meeting = notice.meeting
    portal = settings.PORTAL_URL.rstrip("/")
    context = {
        "meeting": meeting,
        # Published: sending published the drafts; one added since stays out.
        "cases": list(meeting.cases.published().order_by("number").only("number", "title")),
        "url": portal + meeting.get_absolute_url(),
        "book_url": portal + reverse("meetings:book", args=[meeting.slug]),
    }
    message = EmailMultiAlternatives(
        subject=notice_subject(meeting),
        body=render_to_string("meetings/email/notice.txt", context),
        to=[settings.DEFAULT_FROM_EMAIL],
        bcc=sorted({recipient["address"] for recipient in notice.recipients}),
    )
    message.attach_alternative(render_to_string("meetings/email/notice.html", context), "text/html")
    return message
