"""Changes to the building projects that touch several rows: all or nothing."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from projects.models import BuildingProject, StatusReview, StatusUpdate, comment_text
from projects.selectors import carried_on, latest_updates
from ror_portal.signals import figures_written


@transaction.atomic
def status_updates_save(
    *, date: datetime.date, updates: dict[int, tuple[str, str]], user=None
) -> int:
    """The updates of one date, {project id: (status, comment)}, each compared with the
    project's latest update on or before the date: a row that says what that update
    says writes nothing; a changed row changes the project's update of that date if it
    has one, and makes one otherwise. Either every row is valid and written or nothing
    is. Returns how many projects got a new or changed update. The date is recorded as
    gone through (StatusReview), changed rows or not, for the monthly checklist.

    The queries are the same few whatever the number of projects: the rows are
    checked in Python and written in bulk, with their history (who and when)."""
    projects = BuildingProject.objects.active().in_bulk(list(updates))
    if len(projects) != len(updates):
        raise ValidationError(_("A project is not active or does not exist."))
    latest = latest_updates(date)
    new: list[StatusUpdate] = []
    changed: list[StatusUpdate] = []
    errors = []
    for project_id, (status, comment) in updates.items():
        current = carried_on(latest.get(project_id), date)
        if current and current.says(status, comment):
            continue
        same_day = current if current and current.date == date else None
        update = same_day or StatusUpdate(project=projects[project_id], date=date)
        update.status, update.comment = status, comment_text(comment)
        try:
            # The project is one of those just read, and the one update a day is kept
            # by changing that day's update: checking either would cost a query a row.
            update.full_clean(
                exclude=["project"], validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            errors.append(f"{projects[project_id].title}: {' '.join(error.messages)}")
            continue
        (changed if same_day else new).append(update)
    if errors:
        raise ValidationError(errors)
    bulk_create_with_history(new, StatusUpdate, default_user=user)
    bulk_update_with_history(changed, StatusUpdate, ["status", "comment"], default_user=user)
    # Two queries at most, in the save's transaction (update_or_create would add a
    # savepoint and a locking read).
    if not StatusReview.objects.filter(date=date).update(
        reviewed_by=user, reviewed_at=timezone.now()
    ):
        StatusReview.objects.create(date=date, reviewed_by=user)
    if new or changed:
        figures_written.send(sender=StatusUpdate)
    return len(new) + len(changed)
