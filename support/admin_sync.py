"""The button that fetches the tickets changed in Pureservice now: a job on the task
worker (support.tasks.sync_pureservice) whose page goes on to the same check and
confirm page as an uploaded export."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from jobs.progress import start_job
from support.tasks import sync_pureservice


def sync_view(model_admin, request: HttpRequest) -> HttpResponse:
    """POST: start fetching from Pureservice, and show the job's page. Two syncs at
    once do no harm: each is checked and confirmed on its own, and an import is
    idempotent."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    job, _started = start_job(
        sync_pureservice, title=_("Tickets from Pureservice"), user=request.user, follow=True
    )
    return HttpResponseRedirect(reverse("jobs:job", args=[job.pk]))
