"""What goes into a meeting's book (møtebok): only what the board may see, the
meeting's published cases in number order, each with its sheet and its documents as
they were frozen, and the fingerprint (``contents``) of all of it.

The fingerprint is the SHA-256 of a canonical JSON of everything the book shows: the
same fingerprint makes the same book, so a book whose ``contents`` is the meeting's
fingerprint today is up to date, and making it again would change nothing. What is made
with each book from the same papers (its public edition, publicaccess.book_edition)
adds what it shows beyond them through FINGERPRINT_INPUTS: a change there makes a new
book too, so each book has one of each."""

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.serializers.json import DjangoJSONEncoder

from meetings.models import BoardMember, MeetingBook
from reports.integrity import sha256_of
from reports.models import Attachment, BoardMeeting, Case, FrozenVersion, ReportVersion
from reports.publishing import sha256
from reports.rendering import CaseTexts, case_texts
from ror_portal.collation import norwegian

# Changed when the book's layout changes, so that every meeting's book is made anew.
BOOK_FORMAT = 1


@dataclass
class BookDocument:
    """A frozen document in the book: a report version or a case document version."""

    version: FrozenVersion
    title: str


@dataclass
class BookCase:
    """A case as its sheet shows it, with its papers. The board's book shows the case
    as it is; its public edition (publicaccess.book_edition) its public title, its
    texts without what is withheld, and the line for each part withheld."""

    case: Case
    title: str
    subject: str
    texts: CaseTexts
    remarks: str  # the decision's votes and remarks
    documents: list[BookDocument]
    attachments: list[Attachment]  # all, for the sheet's list
    pdf_attachments: list[Attachment]  # those whose pages go into the book
    attachment_sha256: dict[int, str] = field(default_factory=dict)
    # Where the whole case is withheld: the line that is all its sheet shows.
    withheld_line: str = ""
    # The line listed for each attachment withheld, in place of its name.
    withheld_attachments: dict[int, str] = field(default_factory=dict)

    @property
    def listed(self) -> list[str]:
        """The sheet's list of attachments."""
        return [self.withheld_attachments.get(a.pk) or a.listed_name for a in self.attachments]


@dataclass
class BookPapers:
    meeting: BoardMeeting
    members: list[BoardMember]
    cases: list[BookCase]

    @property
    def contents(self) -> str:
        return sha256(canonical_json(self).encode("utf-8"))


def book_papers(meeting: BoardMeeting) -> BookPapers:
    """The meeting's papers as the book holds them. A draft case is left out whoever
    asks: the book is one PDF for the whole board."""
    cases = (
        Case.objects.published()
        .filter(meeting=meeting)
        .order_by("number")
        .prefetch_related("attachments", "document_versions")
    )
    # By municipality, each one's members before its deputies.
    members = list(
        BoardMember.objects.serving_on(meeting.date)
        .select_related("municipality")
        .order_by(norwegian("municipality__name"), "-role", norwegian("name"))
    )
    return BookPapers(meeting, members, [_book_case(meeting, case) for case in cases])


def _book_case(meeting: BoardMeeting, case: Case) -> BookCase:
    documents = []
    if case.standing == Case.Standing.MONTHLY_REPORT:
        documents += [BookDocument(v, str(v.report)) for v in _latest_report_versions(meeting)]
    # The newest first (the versions' ordering), from the prefetched rows.
    case_document = next(iter(case.document_versions.all()), None)
    if case.document_block and case_document is not None:
        documents.append(BookDocument(case_document, str(case)))
    attachments = list(case.attachments.all())
    hashes = {a.pk: _file_sha256(a) for a in attachments}
    own_pdfs = case_document_pdfs(case, hashes)
    pdfs = [
        a
        for a in attachments
        if (a.file.name or "").lower().endswith(".pdf") and hashes[a.pk] and a.pk not in own_pdfs
    ]
    return BookCase(
        case=case,
        title=case.title,
        subject=case.subject,
        texts=case_texts(case),
        remarks=case.decision_remarks,
        documents=documents,
        attachments=attachments,
        pdf_attachments=pdfs,
        attachment_sha256=hashes,
    )


def case_document_pdfs(case: Case, attachment_sha256: dict[int, str]) -> set[int]:
    """The case's attachments that are its case document's own PDFs, which publishing
    attaches to the case (reports.publishing): the case document is in the book
    already, from its version's HTML."""
    own = {v.pdf_sha256 for v in case.document_versions.all()}
    return {pk for pk, digest in attachment_sha256.items() if digest and digest in own}


def _latest_report_versions(meeting: BoardMeeting) -> list[ReportVersion]:
    """The latest version of each published report of the meeting, oldest month first."""
    versions = (
        ReportVersion.objects.filter(report__meeting=meeting)
        .select_related("report")
        .defer("block_data")
        .order_by("report__month", "-number")
    )
    latest: dict[int, ReportVersion] = {}
    for version in versions:
        latest.setdefault(version.report_id, version)
    return list(latest.values())


def _file_sha256(attachment: Attachment) -> str:
    """The attachment's SHA-256; empty for a file missing from the storage, which the
    sheet lists and the book cannot hold."""
    try:
        with attachment.file.open("rb") as stream:
            return sha256_of(stream)
    except FileNotFoundError:
        return ""


# What else each book is made with, by the apps that make something of it from the same
# papers (publicaccess.book_edition: the public edition's markings and public titles):
# each gives a JSON-serialisable description of it, part of the book's fingerprint.
FINGERPRINT_INPUTS: list[Callable[[BookPapers], object]] = []


def canonical_json(papers: BookPapers) -> str:
    meeting = papers.meeting
    described = {
        "format": BOOK_FORMAT,
        "meeting": [meeting.body, meeting.number, meeting.date, meeting.starts_at, meeting.place],
        "members": [[m.municipality.name, m.role, m.name, m.title] for m in papers.members],
        "cases": [
            {
                "sheet": [
                    item.case.number,
                    item.case.title,
                    item.case.handler,
                    item.case.kind,
                    item.case.subject,
                    # As shown: the figures they quote are today's.
                    str(item.texts.proposed_decision),
                    str(item.texts.decision),
                    item.case.decision_remarks,
                ],
                "documents": [
                    [
                        d.version._meta.label_lower,
                        d.version.pk,
                        d.version.number,
                        d.version.html_sha256,
                    ]
                    for d in item.documents
                ],
                "attachments": [
                    [a.title, a.file.name, item.attachment_sha256[a.pk], a in item.pdf_attachments]
                    for a in item.attachments
                ],
            }
            for item in papers.cases
        ],
        "made_with_it": [describe(papers) for describe in FINGERPRINT_INPUTS],
    }
    return json.dumps(described, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False)


def latest_book(meeting: BoardMeeting) -> MeetingBook | None:
    return meeting.books.order_by("-number").first()
