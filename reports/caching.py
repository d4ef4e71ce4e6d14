"""HTTP caching of the pages of published versions: they change only when a new version
is published, so a repeated visit is answered with 304 from the version's SHA-256
(ETag) and its publishing time (Last-Modified), privately, since a page shows its user."""

from functools import wraps

from django.http import Http404
from django.utils.cache import patch_cache_control
from django.views.decorators.http import condition

from reports import selectors
from reports.models import ReportVersion


def requested_version(request, month, number=None) -> ReportVersion:
    """The version a request asks for, looked up once for the ETag, the date and the page."""
    key = (month, number)
    if getattr(request, "_ror_version", (None, None))[0] != key:
        request._ror_version = (key, selectors.published_version(month, number))
    return request._ror_version[1]


def version_etag(request, month, number=None):
    """The frozen content, the list of versions beside it, and whose page it is."""
    found = requested_version(request, month, number)
    return f'"{found.html_sha256[:24]}-{found.all_versions[0].number}-{request.user.pk}"'


def version_published_at(request, month, number=None):
    return requested_version(request, month, number).published_at


def frozen(view):
    """Conditional GET (ETag, Last-Modified → 304) for pages of published versions, which
    change only when a new version is published; private, since they show the user."""
    conditional = condition(etag_func=version_etag, last_modified_func=version_published_at)(view)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            response = conditional(request, *args, **kwargs)
        except Http404:
            return view(request, *args, **kwargs)  # drafts for administrators, or 404
        patch_cache_control(response, private=True, no_cache=True)
        return response

    return wrapped
