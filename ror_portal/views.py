from django.http import HttpResponse
from django.views.decorators.cache import never_cache


@never_cache
def health(request):
    """For the proxy's health checks and as the load test's baseline: no database, no session."""
    return HttpResponse("ok", content_type="text/plain")
