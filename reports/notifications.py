"""The notice board members and finance get when a report or case document is
published: its title, a link and the publisher's change note, never its content."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string

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


def notify_published(*, title: str, path: str, change_note: str = "") -> None:
    """After the publishing commits: one e-mail, recipients in Bcc so none sees the others."""

    def send() -> None:
        recipients = readers_to_notify()
        if not recipients:
            return
        context = {
            "title": title,
            "url": settings.PORTAL_URL.rstrip("/") + path,
            "change_note": change_note.strip(),
        }
        message = EmailMultiAlternatives(
            subject=render_to_string("reports/email/published_subject.txt", context).strip(),
            body=render_to_string("reports/email/published.txt", context),
            to=[settings.DEFAULT_FROM_EMAIL],
            bcc=recipients,
        )
        message.attach_alternative(
            render_to_string("reports/email/published.html", context), "text/html"
        )
        message.send()

    transaction.on_commit(send)
