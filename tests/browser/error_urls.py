"""Test-only URLconf: the portal's own URLs plus one that fails, for the 500 page."""

from django.urls import path

from ror_portal.urls import urlpatterns as portal_urlpatterns


def fails(request):
    raise RuntimeError("A deliberate failure for the 500 page test")


urlpatterns = [*portal_urlpatterns, path("feil-500/", fails)]
