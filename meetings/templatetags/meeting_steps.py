"""The meetings in progress, on the admin's front page beside the month in progress:
each meeting not yet minuted, with its next step (the notice before it, the minutes
after it) as a link to the page that does it.

    {% load meeting_steps %}{% meetings_in_progress %}"""

import datetime

from django import template
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.models import MeetingNotice, MinutesVersion
from reports.models import BoardMeeting

register = template.Library()

# A meeting this long ago without minutes is history, not the work in progress.
MINUTES_WITHIN = datetime.timedelta(days=90)
SHOWN = 3


def next_step(meeting: BoardMeeting, today: datetime.date) -> tuple[str, str]:
    """What the meeting waits for, and where it is done: minutes once it has been held,
    before that its notice; a meeting called waits for its day."""
    if meeting.date <= today:
        return _("Record the minutes"), reverse(
            "admin:reports_boardmeeting_minutes", args=[meeting.pk]
        )
    if not meeting.notice_sent:
        return _("Send the notice"), reverse("admin:reports_boardmeeting_notice", args=[meeting.pk])
    return _("Called: the minutes are recorded after the meeting"), reverse(
        "admin:reports_boardmeeting_change", args=[meeting.pk]
    )


@register.inclusion_tag("admin/meetings/includes/meetings_in_progress.html", takes_context=True)
def meetings_in_progress(context) -> dict:
    """One query, however many meetings there are."""
    request = context.get("request")
    if not (request and request.user.has_perm("reports.change_boardmeeting")):
        return {"meetings": []}
    today = timezone.localdate()
    meetings = (
        BoardMeeting.objects.filter(date__gte=today - MINUTES_WITHIN)
        .annotate(
            notice_sent=Exists(
                MeetingNotice.objects.filter(meeting=OuterRef("pk"), sent_at__isnull=False)
            ),
            minuted=Exists(MinutesVersion.objects.filter(meeting=OuterRef("pk"))),
        )
        .filter(minuted=False)
        .order_by("date")[:SHOWN]
    )
    return {"meetings": [(meeting, *next_step(meeting, today)) for meeting in meetings]}
