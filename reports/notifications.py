"""The notice board members and finance get when a report, a case document or a
meeting's minutes are published: its title, a link and the publisher's change note,
never its content."""

import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from reports.models import FrozenVersion
from ror_portal.roles import Role


def notice_recipients() -> list:
    """Who gets the notice: active board members and finance users with an e-mail address.
    The publish confirmation lists them and the notice is sent to them: one rule."""
    return list(
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=[Role.BOARD_MEMBER, Role.FINANCE])
        .exclude(email="")
        .distinct()
        .order_by("first_name", "last_name", "email")
    )


def readers_to_notify() -> list[str]:
    return sorted({user.email for user in notice_recipients()})


# Line breaks (also U+2028/2029), tabs and other control characters: in a header they
# would end it or smuggle in another one.
NOT_ONE_LINE = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def one_line(text: str) -> str:
    """The text on one line: every run of line breaks, control characters and spaces
    becomes one space."""
    return NOT_ONE_LINE.sub(" ", text).strip()


def notice_subject(title: str) -> str:
    """The notice's subject, the one place a title goes into a header."""
    return _("Published in ROR Portal: %(title)s") % {"title": one_line(title)}


@dataclass(frozen=True)
class Notice:
    title: str
    path: str
    change_note: str = ""


def notice_of(version: FrozenVersion) -> Notice:
    """What the notice of a version says: its title, where it is read (each kind of
    version says: FrozenVersion.notice_title/notice_path) and, for a report, what is new."""
    return Notice(
        version.notice_title(), version.notice_path(), getattr(version, "change_note", "")
    )


def send_notice(notice: Notice) -> int:
    """Send the notice now: one e-mail, recipients in Bcc so none sees the others.
    Returns how many got it; a mail server that is down raises."""
    recipients = readers_to_notify()
    if not recipients:
        return 0
    context = {
        "title": notice.title,
        "url": settings.PORTAL_URL.rstrip("/") + notice.path,
        "change_note": notice.change_note.strip(),
    }
    message = EmailMultiAlternatives(
        subject=notice_subject(notice.title),
        body=render_to_string("reports/email/published.txt", context),
        to=[settings.DEFAULT_FROM_EMAIL],
        bcc=recipients,
    )
    message.attach_alternative(
        render_to_string("reports/email/published.html", context), "text/html"
    )
    message.send()
    return len(recipients)
