from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache


@never_cache
def health(request):
    """For the proxy's health checks and as the load test's baseline: no database, no session."""
    return HttpResponse("ok", content_type="text/plain")


def accessibility(request):
    """Tilgjengelighetserklæring: open to everyone, signed in or not, as the law requires."""
    return render(
        request,
        "accessibility.html",
        {"contact": settings.ACCESSIBILITY_CONTACT, "reviewed": "26.11.2026"},
    )
