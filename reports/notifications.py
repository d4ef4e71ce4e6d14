"""The notice board members and finance get when a report or case document is
published: its title and a link, never its content."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string

from ror_portal.roles import Role


def readers_to_notify() -> list[str]:
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=[Role.BOARD_MEMBER, Role.FINANCE])
        .exclude(email="")
    )
    return sorted(set(users.values_list("email", flat=True)))


def notify_published(*, title: str, path: str) -> None:
    """After the publishing commits: one e-mail, recipients in Bcc so none sees the others."""

    def send() -> None:
        recipients = readers_to_notify()
        if not recipients:
            return
        context = {"title": title, "url": settings.PORTAL_URL.rstrip("/") + path}
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
