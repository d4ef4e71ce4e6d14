"""What the public may read (offentleglova), read one way by every page under /innsyn/.

A meeting is public once something of it is: a public edition, or its notice sent. A
case is public once published, under its public title. Only the public editions are
shown of the board's papers: never a draft, never the board's own files."""

import re
from dataclasses import dataclass, field
from itertools import groupby

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.safestring import SafeString
from django.utils.text import slugify

from archive.search import around_first_hit, marked, total_found
from archive.words import Term
from meetings.models import MeetingNotice
from publicaccess.marking import case_markings, meeting_markings, withheld_attachments
from publicaccess.models import PublicEdition
from reports.models import Attachment, BoardMeeting, Case
from reports.publishing import CASE_DOCUMENT

LATEST_EDITIONS = 10  # on the front page
MAX_RESULTS = 50  # of a search, and entries in the feed
MAX_QUERY = 200  # characters of a search
MAX_TERMS = 8  # words of a search that are looked for


def public_meetings() -> QuerySet[BoardMeeting]:
    """Meetings with a public edition or a sent notice, the newest first."""
    return BoardMeeting.objects.filter(
        Exists(PublicEdition.objects.filter(meeting=OuterRef("pk")))
        | Exists(MeetingNotice.objects.filter(meeting=OuterRef("pk"), sent_at__isnull=False))
    ).order_by("-date", "-number")


def public_meeting(slug: str) -> BoardMeeting:
    meeting = public_meetings().filter(number=slug.replace("-", "/", 1)).first()
    if meeting is None:
        raise Http404
    return meeting


def public_cases(meeting: BoardMeeting) -> list[Case]:
    """The meeting's published cases, the agenda's order, each with its ``public_name``:
    the public title, or the title where it has none."""
    cases = list(Case.objects.published().filter(meeting=meeting).order_by("number"))
    for case in cases:
        case.public_name = case.title_for(public=True)
    return cases


def latest_editions(count: int = LATEST_EDITIONS) -> list[PublicEdition]:
    """The public editions last published, the newest first."""
    return list(PublicEdition.objects.select_related("meeting")[:count])


def feed_editions() -> list[PublicEdition]:
    return latest_editions(MAX_RESULTS)


@dataclass
class PublicDocument:
    """A document's public editions: the latest, with the ones before it."""

    latest: PublicEdition
    earlier: list[PublicEdition] = field(default_factory=list)


def meeting_documents(meeting: BoardMeeting) -> list[PublicDocument]:
    """The meeting's public editions, one entry per document (kind and address)."""
    editions = PublicEdition.objects.filter(meeting=meeting).order_by("kind", "slug", "-number")
    documents = []
    for _key, versions in groupby(editions, key=lambda e: (e.kind, e.slug)):
        latest, *earlier = versions
        documents.append(PublicDocument(latest, earlier))
    return sorted(documents, key=lambda d: (_KIND_ORDER.get(d.latest.kind, 9), d.latest.slug))


_KIND_ORDER = {kind: position for position, kind in enumerate(PublicEdition.Kind.values)}


def edition_versions(edition: PublicEdition) -> list[PublicEdition]:
    """Every public edition of the same document, the newest first."""
    return list(
        PublicEdition.objects.filter(kind=edition.kind, slug=edition.slug)
        .only("kind", "slug", "number", "published_at")
        .order_by("-number")
    )


def public_edition(kind: str, slug: str, number: int) -> PublicEdition:
    edition = (
        PublicEdition.objects.filter(kind=kind, slug=slug, number=number)
        .select_related("meeting")
        .first()
    )
    if edition is None:
        raise Http404
    return edition


def _is_case_document_pdf(attachment: Attachment) -> bool:
    """The board's PDF of a case document, kept as an attachment of its case
    (CaseDocumentKind.after_saving): the public reads the public edition instead, so
    it is never served, withheld parts or not."""
    base = slugify(CASE_DOCUMENT.base_name(attachment.case))
    return attachment.download_name.lower().startswith(f"{base}-v")


def public_attachments(meeting: BoardMeeting, cases: list[Case]) -> list[Attachment]:
    """The published cases' attachments the public may have: none withheld, none of a
    case withheld whole, and not the board's case document PDFs."""
    withheld = withheld_attachments(meeting_markings(meeting))
    attachments = Attachment.objects.filter(case__in=cases).exclude(pk__in=withheld)
    return [
        a
        for a in attachments.select_related("case").order_by("case__number", "id")
        if not _is_case_document_pdf(a)
    ]


def public_attachment(pk: int) -> Attachment:
    attachment = (
        Attachment.objects.filter(
            pk=pk,
            case__in=Case.objects.published(),
            case__meeting__in=public_meetings().values("pk"),
        )
        .select_related("case")
        .first()
    )
    if (
        attachment is None
        or attachment.pk in withheld_attachments(case_markings(attachment.case))
        or _is_case_document_pdf(attachment)
    ):
        raise Http404
    return attachment


@dataclass
class Hit:
    edition: PublicEdition
    snippet: SafeString  # some words around the first hit, the hits marked


@dataclass
class Hits:
    found: list[Hit]  # at most MAX_RESULTS
    total: int


def search(query: str) -> Hits:
    """Public editions whose title or public text has every word of ``query``, in any
    case, newest first. Only public text is searched: it is all the editions hold."""
    words = re.findall(r"\w+", query[:MAX_QUERY])[:MAX_TERMS]
    if not words:
        return Hits([], 0)
    # SQLite's REGEXP is Python's re, which folds æ, ø and å; its LIKE folds ASCII only.
    lookup = "iregex" if connection.vendor == "sqlite" else "icontains"
    found = PublicEdition.objects.all()
    for word in words:
        value = re.escape(word) if lookup == "iregex" else word
        found = found.filter(Q(**{f"title__{lookup}": value}) | Q(**{f"text__{lookup}": value}))
    results = list(found.select_related("meeting")[:MAX_RESULTS])
    wanted = [Term(re.escape(word)) for word in words]
    total = total_found(found, results, MAX_RESULTS)
    return Hits([Hit(e, marked(around_first_hit(e.text, wanted))) for e in results], total)
