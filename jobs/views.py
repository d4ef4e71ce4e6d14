"""The page of a job, and its state as JSON for the script that keeps the page current."""

from django.contrib import admin, messages
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from jobs.models import Job
from jobs.progress import job_status
from ror_portal.formatting import format_datetime


def own_job(request, pk: int) -> Job:
    """Only the one who started a job (or a superuser) sees it: it can name files and
    figures not published yet."""
    job = get_object_or_404(Job.objects.select_related("started_by"), pk=pk)
    if job.started_by_id != request.user.pk and not request.user.is_superuser:
        raise Http404
    return job_status(job)


def job_page(request, pk: int):
    """The job's progress, or its outcome; a job whose result is a page of its own (the
    checked import, the PDF) goes on to it once done."""
    job = own_job(request, pk)
    if job.follow and job.status == Job.Status.DONE and job.result_url:
        return HttpResponseRedirect(job.result_url)
    return TemplateResponse(
        request,
        "jobs/job.html",
        {**admin.site.each_context(request), "title": job.title, "job": job},
    )


def job_state(request, pk: int):
    job = own_job(request, pk)
    return JsonResponse(
        {
            "status": job.status,
            "finished": job.finished,
            "step": job.step,
            "detail": job.detail,
            "percent": job.percent,
            "result_url": job.result_url if job.follow and job.status == Job.Status.DONE else "",
        }
    )


def to_job_page(request, job: Job, started: bool, *, already: str) -> HttpResponseRedirect:
    """To the job's page after starting it. Work started a second time (a double click,
    a retry, a colleague with the same page) is told, by ``already``, that it runs."""
    if not started:
        messages.warning(
            request, already % {"when": format_datetime(job.started_at), "who": job.started_by}
        )
    return HttpResponseRedirect(reverse("jobs:job", args=[job.pk]))
