from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse

from jobs.models import Job
from ror_portal.admin_site.site import RecordAdmin


@admin.register(Job)
class JobAdmin(RecordAdmin):
    """The administrator's own jobs, to come back to one; each opens its own page."""

    list_display = ["title", "status", "step", "started_by", "started_at"]
    list_filter = ["status"]
    list_display_links = ["title"]

    def get_queryset(self, request):
        jobs = super().get_queryset(request).select_related("started_by")
        return jobs if request.user.is_superuser else jobs.filter(started_by=request.user)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return HttpResponseRedirect(reverse("jobs:job", args=[object_id]))
