"""Changes to the building projects that touch several rows: all or nothing."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from projects.models import BuildingProject, StatusUpdate


@transaction.atomic
def status_updates_save(*, date: datetime.date, updates: dict[int, tuple[str, str]]) -> int:
    """The updates of one date, {project id: (status, comment)}: each made, or
    changed if the project already has an update that day. Returns how many."""
    projects = BuildingProject.objects.active().in_bulk(list(updates))
    if len(projects) != len(updates):
        raise ValidationError(_("A project is not active or does not exist."))
    for project_id, (status, comment) in updates.items():
        update = StatusUpdate.objects.filter(project_id=project_id, date=date).first()
        update = update or StatusUpdate(project=projects[project_id], date=date)
        update.status, update.comment = status, comment
        try:
            update.full_clean()
        except ValidationError as error:
            title = projects[project_id].title
            raise ValidationError(f"{title}: {' '.join(error.messages)}") from error
        update.save()
    return len(updates)
