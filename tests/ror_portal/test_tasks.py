"""Tasks go through the database backend and are done by the real worker command,
as in production (the other tests run tasks where they are enqueued)."""

import pytest
from django.core.management import call_command
from django_tasks import TaskResultStatus, task

from ror_portal.models import Municipality

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@task()
def rename_municipality(slug: str, name: str) -> int:
    return Municipality.objects.filter(slug=slug).update(name=name)


@task()
def fail() -> None:
    raise RuntimeError("the mail server is down")


@pytest.mark.django_db(transaction=True)
def test_an_enqueued_task_waits_in_the_database_until_the_worker_does_it(settings):
    settings.TASKS = DATABASE_TASKS
    # Its own row: a transactional test cannot count on the data migrations' rows.
    Municipality.objects.create(name="Sande", slug="sande", member_from="2024-01-01")
    result = rename_municipality.enqueue("sande", "Sande kommune")
    assert result.status == TaskResultStatus.READY
    assert Municipality.objects.get(slug="sande").name == "Sande"  # nothing done yet

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    result.refresh()
    assert (result.status, result.return_value) == (TaskResultStatus.SUCCESSFUL, 1)
    assert Municipality.objects.get(slug="sande").name == "Sande kommune"


@pytest.mark.django_db(transaction=True)
def test_a_failing_task_is_recorded_as_failed_with_its_error(settings):
    settings.TASKS = DATABASE_TASKS
    result = fail.enqueue()

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    result.refresh()
    assert result.status == TaskResultStatus.FAILED
    assert "the mail server is down" in result.errors[0].traceback
