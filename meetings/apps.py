from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings of the board")

    def ready(self) -> None:
        from meetings import book_tasks

        book_tasks.connect()
