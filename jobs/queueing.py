"""Queueing a task for after the commit, once: the change that asks for it may be
rolled back, may ask many times in one transaction (every row of a form), and may come
again while the task still waits for the worker. The task then runs once, on the data
as committed.

Used for the work a change sets off that no one waits for: the draft report's PDF
(reports.draft_pdf) and the meeting book (meetings.book_tasks)."""

from django.db import transaction
from django_tasks.base import Task
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult


def enqueue_after_commit(task: Task, *args) -> None:
    """Queue ``task(*args)`` once this transaction has committed; not twice for the same
    arguments in one transaction, nor while such a task waits in the queue (robust: a
    queue that fails is logged, the change stands)."""
    key = (task.module_path, list(args))
    # Django keeps the callbacks of the open transaction and drops them on a rollback,
    # so this asks exactly "has this transaction queued it already?".
    waiting = transaction.get_connection().run_on_commit
    if any(getattr(callback, "queued_task", None) == key for _, callback, _ in waiting):
        return

    def queue() -> None:
        queue.queued_task = None  # type: ignore[attr-defined]  # run: a later change queues anew
        if not waiting_in_queue(task, args):
            task.enqueue(*args)

    queue.queued_task = key  # type: ignore[attr-defined]
    transaction.on_commit(queue, robust=True)


def waiting_in_queue(task: Task, args) -> bool:
    """Whether such a task waits in the queue, not started yet (the database backend of
    production; a backend that runs tasks at once never has one waiting)."""
    if not isinstance(task.get_backend(), DatabaseBackend):
        return False
    waiting = DBTaskResult.objects.ready().filter(task_path=task.module_path)
    return any(
        args_kwargs["args"] == list(args)
        for args_kwargs in waiting.values_list("args_kwargs", flat=True)
    )
