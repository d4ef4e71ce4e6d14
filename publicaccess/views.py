"""The public's pages under /innsyn/ (offentleglova): the meetings, the public editions
of their papers, a search over public text, and an Atom feed. Anyone may read them,
without signing in; each is guarded by ror_portal.access.public_page and reads only
through publicaccess.selectors, so nothing of a draft or the board's own edition
reaches them."""

import hashlib

from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import http_date
from django.utils.translation import gettext as _

from archive.forms import SearchForm
from publicaccess import selectors
from publicaccess.models import PublicEdition
from reports.views import csv_response, pdf_response, refuses_changed_files, render_frozen
from ror_portal.access import public_page
from ror_portal.downloads import content_disposition
from ror_portal.spreadsheet_safety import neutralised_csv


class PublicSearchForm(SearchForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].label = _("Search the public documents")


@public_page
def index(request):
    return render(
        request,
        "publicaccess/index.html",
        {
            "meetings": selectors.public_meetings(),
            "editions": selectors.latest_editions(),
            "form": PublicSearchForm(),
        },
    )


@public_page
def meeting(request, meeting):
    found = selectors.public_meeting(meeting)
    cases = selectors.public_cases(found)
    return render(
        request,
        "publicaccess/meeting.html",
        {
            "meeting": found,
            "cases": cases,
            "documents": selectors.meeting_documents(found),
            "attachments": selectors.public_attachments(found, cases),
        },
    )


@public_page
@refuses_changed_files
def edition(request, kind, slug, number):
    found = selectors.public_edition(kind, slug, number)
    if not found.html:
        # A meeting book is a PDF only.
        return HttpResponseRedirect(found.pdf_url)
    versions = selectors.edition_versions(found)
    response = render_frozen(
        request,
        "publicaccess/edition.html",
        {"edition": found, "versions": versions, "meeting": found.meeting},
        found,
    )
    # The page changes only when a newer version is published (its list of versions).
    response["Last-Modified"] = http_date(versions[0].published_at.timestamp())
    return response


@public_page
@refuses_changed_files
def edition_pdf(request, kind, slug, number):
    found = selectors.public_edition(kind, slug, number)
    response = pdf_response(found, f"ror-ikt-{kind}-{slug}-v{number}-offentlig.pdf")
    response["ETag"] = f'"{found.pdf_sha256[:32]}"'
    response["Last-Modified"] = http_date(found.published_at.timestamp())
    return response


@public_page
def edition_csv(request, slug, number, section):
    found = selectors.public_edition(PublicEdition.Kind.REPORT, slug, number)
    figures = found.figures.get(section)
    if figures is None:
        raise Http404  # no such block, or withheld from the public
    return csv_response(
        neutralised_csv(figures["csv"]), f"ror-ikt-{slug}-v{number}-{section}-offentlig.csv"
    )


@public_page
def attachment(request, pk):
    found = selectors.public_attachment(pk)
    response = FileResponse(found.file.open("rb"))
    response["Content-Disposition"] = content_disposition(found.download_name)
    # A file replaced in the admin is stored under a new name (reports.uploads).
    response["ETag"] = f'"{hashlib.sha256(found.file.name.encode()).hexdigest()[:32]}"'
    return response


@public_page
def search(request):
    form = PublicSearchForm(request.GET)
    hits = None
    if form.is_valid() and form.cleaned_data["q"].strip():
        hits = selectors.search(form.cleaned_data["q"])
    return render(
        request,
        "publicaccess/search.html",
        {"form": form, "hits": hits, "max_results": selectors.MAX_RESULTS},
    )


@public_page
def feed(request):
    index_url = request.build_absolute_uri(reverse("publicaccess:index"))
    atom = Atom1Feed(
        title=_("Samarbeidsrådet for ROR-IKT: public documents"),
        link=index_url,
        description=_("The public editions of the board's papers, as they are published."),
        feed_url=request.build_absolute_uri(reverse("publicaccess:feed")),
        language="nb",
        author_name="ROR-IKT",
    )
    for found in selectors.feed_editions():
        url = request.build_absolute_uri(found.get_absolute_url())
        atom.add_item(
            title=str(found),
            link=url,
            unique_id=url,
            description=_("Meeting %(meeting)s. %(kind)s.")
            % {"meeting": found.meeting.number, "kind": found.get_kind_display()},
            pubdate=found.published_at,
            updateddate=found.published_at,
        )
    response = HttpResponse(content_type=f"{atom.content_type}")
    atom.write(response, "utf-8")
    return response
