"""The member's calendar: a page to make or revoke a private address, and the feed at
that address. Calendar apps cannot sign in, so the feed's secret token is its only key;
it answers only while its user is active and still a reader."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from meetings.calendar import meetings_calendar
from meetings.models import CalendarFeed
from reports.selectors import visible_meetings
from ror_portal.access import role_required
from ror_portal.roles import READERS, has_any_role


def feed_address(feed: CalendarFeed) -> str:
    return settings.PORTAL_URL.rstrip("/") + feed.get_absolute_url()


@role_required(READERS)
@require_http_methods(["GET", "POST"])
def calendar(request):
    """GET: the user's calendar address, if any. POST: make one (``make``) or revoke it
    (``revoke``); a new one after a revoke has a new token, so the old stops working."""
    if request.method == "POST":
        if "revoke" in request.POST:
            CalendarFeed.objects.filter(user=request.user).delete()
            messages.success(request, _("The calendar address is revoked: it no longer works."))
        else:
            CalendarFeed.objects.get_or_create(user=request.user)
            messages.success(request, _("Your calendar address is made."))
        return redirect("meetings:calendar")
    feed = CalendarFeed.objects.filter(user=request.user).first()
    address = feed_address(feed) if feed else ""
    return render(
        request,
        "meetings/calendar.html",
        {"address": address, "webcal": "webcal://" + address.split("://", 1)[-1]},
    )


@require_safe
def calendar_feed(request, token):
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not has_any_role(feed.user, READERS):  # an inactive user has none
        raise Http404
    meetings = visible_meetings(feed.user).order_by("date")
    response = HttpResponse(
        meetings_calendar(meetings, now=timezone.now()), content_type="text/calendar; charset=utf-8"
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response
