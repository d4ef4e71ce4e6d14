"""Jobs: started once per key, told as they go, given up when their worker is gone."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.urls import reverse
from django.utils import timezone

from jobs.models import STALE_AFTER, Job
from jobs.progress import Progress, job_status, job_task, start_job
from ror_portal.roles import Role
from tests.html_validator import html_errors

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
done_work = []


@job_task
def count_to_three(progress: Progress) -> None:
    for number in (1, 2, 3):
        progress.step("Teller", detail=f"{number} av 3", done=number, total=3)
    done_work.append(progress.job.pk)
    progress.finish("Talt til tre.", url="/ferdig/", result={"link": "Videre"})


@job_task
def refuse(progress: Progress) -> None:
    raise ValidationError("Rapporten har ingen seksjoner.")


@job_task
def break_down(progress: Progress) -> None:
    raise RuntimeError("the disk is full")


def aged(job: Job) -> Job:
    Job.objects.filter(pk=job.pk).update(
        updated_at=timezone.now() - STALE_AFTER - datetime.timedelta(seconds=1)
    )
    return Job.objects.get(pk=job.pk)


@pytest.mark.django_db
def test_a_job_is_done_with_its_outcome(administrator):
    job, started = start_job(count_to_three, title="Telling", user=administrator, key="telling")
    job.refresh_from_db()
    assert started
    assert (job.status, job.message, job.result_url, job.percent) == (
        "done",
        "Talt til tre.",
        "/ferdig/",
        100,
    )
    assert (job.step, job.detail, job.done, job.total) == ("Teller", "1 av 3", 3, 3)


@pytest.mark.django_db
def test_a_key_starts_one_job_until_it_fails(administrator, settings):
    settings.TASKS = DATABASE_TASKS  # queued, not done: the second start finds it waiting
    first, started = start_job(count_to_three, title="Telling", user=administrator, key="telling")
    second, started_again = start_job(
        count_to_three, title="Telling", user=administrator, key="telling"
    )
    assert (started, started_again, second) == (True, False, first)
    assert Job.objects.count() == 1


@pytest.mark.django_db
def test_a_refusal_fails_the_job_with_its_message_and_frees_the_key(administrator):
    job, _ = start_job(refuse, title="Publisering", user=administrator, key="publish:1")
    job.refresh_from_db()
    assert (job.status, job.message, job.key) == ("failed", "Rapporten har ingen seksjoner.", None)
    again, started = start_job(count_to_three, title="Telling", user=administrator, key="publish:1")
    assert started and again != job


@pytest.mark.django_db
def test_an_error_fails_the_job_in_words_and_is_logged(administrator, caplog):
    job, _ = start_job(break_down, title="Import", user=administrator)
    job.refresh_from_db()
    assert (job.status, job.message) == (
        "failed",
        "Noe gikk galt, og ingenting ble lagret. Feilen er logget.",
    )
    [logged] = [r for r in caplog.records if r.name == "jobs.progress"]
    assert "the disk is full" in str(logged.exc_info[1])


@pytest.mark.django_db
def test_a_job_that_cannot_be_queued_is_failed_not_left_waiting(administrator, monkeypatch):
    def no_queue(*args, **kwargs):
        raise ConnectionError("the queue is down")

    monkeypatch.setattr(type(count_to_three), "enqueue", no_queue)
    job, started = start_job(count_to_three, title="Telling", user=administrator, key="telling")
    job.refresh_from_db()
    assert started
    assert (job.status, job.key) == ("failed", None)
    assert job.message == "Jobben kunne ikke startes. Prøv igjen, eller be om hjelp."


@pytest.mark.django_db
def test_a_job_whose_worker_stopped_is_given_up_and_can_be_started_again(administrator, settings):
    settings.TASKS = DATABASE_TASKS
    job, _ = start_job(count_to_three, title="Import", user=administrator, key="import:x")
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING)
    assert job_status(Job.objects.get(pk=job.pk)).status == "running"  # not stale yet

    given_up = job_status(aged(job))
    assert (given_up.status, given_up.key) == ("failed", None)
    assert given_up.message.startswith("Jobben stoppet før den var ferdig")
    again, started = start_job(count_to_three, title="Import", user=administrator, key="import:x")
    assert started and again != job


@pytest.mark.django_db
def test_a_job_no_worker_took_says_to_start_the_worker_and_never_runs_late(administrator, settings):
    settings.TASKS = DATABASE_TASKS
    job, _ = start_job(count_to_three, title="Telling", user=administrator)
    given_up = job_status(aged(job))
    assert given_up.message == (
        "Ingen arbeider tok jobben på 5 minutter, så den ble gitt opp. Kjører arbeideren "
        "(manage.py db_worker)? Start jobben på nytt."
    )
    done_work.clear()
    count_to_three.call(job.pk)  # the worker comes back and takes it after all
    assert done_work == []
    assert Job.objects.get(pk=job.pk).status == "failed"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has one writer: it waits")
@pytest.mark.django_db(transaction=True)
def test_progress_inside_the_works_transaction_is_seen_at_once(migration_data, administrator):
    """An import writes in one transaction; its progress still shows while it runs."""
    job = Job.objects.create(title="Import", started_by=administrator, status=Job.Status.RUNNING)
    progress = Progress(job)
    reader = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with transaction.atomic():
            progress.step("Lagrer sakene", detail="Rad 2 000 av 9 000", done=2000, total=9000)
            with reader.cursor() as cursor:
                cursor.execute("SELECT step, done FROM jobs_job WHERE id = %s", [job.pk])
                assert cursor.fetchone() == ("Lagrer sakene", 2000)
    finally:
        progress.close()
        reader.close()


@pytest.mark.django_db
def test_the_job_page_shows_progress_and_its_state_for_the_script(
    client_for, administrator, settings
):
    settings.TASKS = DATABASE_TASKS
    job, _ = start_job(count_to_three, title="Import av eksport.csv", user=administrator)
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING, step="Lagrer sakene", detail="Rad 120 000 av 284 967",
        done=120_000, total=284_967,
    )  # fmt: skip
    client = client_for(Role.ADMINISTRATOR)
    page = client.get(reverse("jobs:job", args=[job.pk]))
    html = page.content.decode()
    assert f'data-job-state-url="{reverse("jobs:state", args=[job.pk])}"' in html
    assert '<progress id="job-progress" aria-labelledby="job-step" max="100" value="42">' in html
    assert "Rad 120 000 av 284 967" in html
    state = client.get(reverse("jobs:state", args=[job.pk]))
    assert "no-store" in state["Cache-Control"]  # the admin's never_cache
    assert state.json() == {
        "status": "running", "finished": False, "step": "Lagrer sakene",
        "detail": "Rad 120 000 av 284 967", "percent": 42, "result_url": "",
    }  # fmt: skip

    count_to_three.call(job.pk)
    done_page = client.get(reverse("jobs:job", args=[job.pk])).content.decode()
    assert "Talt til tre." in done_page and 'href="/ferdig/">Videre</a>' in done_page
    assert "data-job-state-url" not in done_page
    assert html_errors({"running": html, "done": done_page}) == []


@pytest.mark.django_db
def test_a_job_with_a_page_of_its_own_goes_on_to_it_when_done(client_for, administrator):
    job, _ = start_job(count_to_three, title="Kontroll", user=administrator, follow=True)
    client = client_for(Role.ADMINISTRATOR)
    response = client.get(reverse("jobs:job", args=[job.pk]))
    assert (response.status_code, response["Location"]) == (302, "/ferdig/")
    assert client.get(reverse("jobs:state", args=[job.pk])).json()["result_url"] == "/ferdig/"


@pytest.mark.django_db
def test_the_list_of_jobs_shows_an_administrator_their_own(client_for, administrator):
    from tests.factories import UserFactory

    Job.objects.create(title="Min import", started_by=administrator)
    Job.objects.create(title="Kollegaens import", started_by=UserFactory(role=Role.ADMINISTRATOR))
    html = client_for(Role.ADMINISTRATOR).get(reverse("admin:jobs_job_changelist")).content.decode()
    assert "Min import" in html and "Kollegaens import" not in html
