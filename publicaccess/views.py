"""The public's pages under /innsyn/ (being written)."""

from django.http import Http404


def _not_yet(*args, **kwargs):
    raise Http404


index = meeting = edition = edition_pdf = edition_csv = attachment = search = feed = _not_yet
