"""What a print HTML may fetch when its PDF is made: the project's own static files,
under a base URL that is never resolved (no network, no local files)."""

import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage

# The print HTML's base URL. It is never resolved: the fetcher serves it from disk.
PRINT_ORIGIN = "https://ror-portal.invalid"


class RefusedURL(ValueError):
    pass


def static_file_for(url: str) -> Path:
    """The static file a print URL names, or RefusedURL for anything else."""
    static_prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != PRINT_ORIGIN or not parts.path.startswith(
        static_prefix
    ):
        raise RefusedURL(f"Only the portal's static files may be fetched, not {url}")
    relative = posixpath.normpath(unquote(parts.path[len(static_prefix) :]))
    if relative.startswith(("..", "/")):
        raise RefusedURL(f"{url} points outside the static files")
    found = finders.find(relative)
    if not found and settings.STATIC_ROOT and staticfiles_storage.exists(relative):
        found = staticfiles_storage.path(relative)
    if not found or not Path(found).is_file():
        raise RefusedURL(f"No static file {relative}")
    return Path(found)
