from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    # The admin's section of members, minutes and meeting books (the meetings themselves
    # are the reports app's).
    verbose_name = _("The board")

    def ready(self) -> None:
        from meetings import book_tasks
        from meetings.minutes import MINUTES
        from meetings.minutes_jobs import publish_minutes
        from reports.jobs import PUBLISH_TASKS

        # The minutes are published as reports are: through the publish jobs' registry.
        PUBLISH_TASKS[MINUTES.name] = publish_minutes
        # The meeting book is made again after every change to what it holds.
        book_tasks.connect()
