"""Full-text search over the published reports and cases.

PostgreSQL searches with its Norwegian configuration (stemming: "feilmelding" finds
"feilmeldinger"), ranks title hits above text hits and writes the snippet itself.
SQLite, the development database, has no Norwegian stemming: there every term of
the query must begin a word of the title or the text (archive.words), newest first.
"""

from dataclasses import dataclass

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q, QuerySet
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Coalesce
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from archive.models import SearchEntry
from archive.words import Term, mark, terms
from reports.selectors import visible_cases

CONFIG = "norwegian"
MAX_RESULTS = 50
# Hits are marked with two control characters that the index never holds (see
# archive.indexing), so that the rest can be escaped before they become <mark>.
START, STOP = "\x02", "\x03"
SNIPPET_BEFORE, SNIPPET_AFTER = 80, 200


@dataclass
class Hits:
    entries: list[SearchEntry]  # each with its ``snippet``, at most MAX_RESULTS
    total: int


def search_vector() -> CombinedExpression:
    return SearchVector("title", weight="A", config=CONFIG) + SearchVector(
        "text", weight="B", config=CONFIG
    )


def search_index() -> GinIndex:
    """On PostgreSQL, made by migration: an index on the very expression the search
    filters on, so that the planner uses it. SQLite has no such index."""
    return GinIndex(search_vector(), name="archive_search_vector")


def search(user, query: str) -> Hits:
    """What ``user`` may see that matches ``query``: best first, at most MAX_RESULTS."""
    entries = (
        SearchEntry.objects.filter(
            # Report entries exist only for published reports; case entries exist for
            # every case, and readers find only the published ones.
            Q(case__isnull=True) | Q(case__in=visible_cases(user))
        )
        .select_related("report", "case__meeting")
        .annotate(meeting_date=Coalesce("report__meeting__date", "case__meeting__date"))
    )
    if connection.vendor == "postgresql":
        return _postgresql(entries, query)
    return _simple(entries, query)


def _postgresql(entries: QuerySet, query: str) -> Hits:
    wanted = SearchQuery(query, search_type="websearch", config=CONFIG)
    found = entries.annotate(vector=search_vector()).filter(vector=wanted)
    best = found.annotate(
        rank=SearchRank(F("vector"), wanted),
        headline=SearchHeadline(
            "text",
            wanted,
            config=CONFIG,
            start_sel=START,
            stop_sel=STOP,
            # One stretch of text (not fragments, which cut short texts off before
            # their end), starting where the query's words are densest.
            min_words=15,
            max_words=35,
        ),
    ).order_by("-rank", "-meeting_date", "position")[:MAX_RESULTS]
    results = list(best)
    for entry in results:
        entry.snippet = marked(entry.headline) if entry.headline.strip() else ""
    return Hits(results, total_found(found, results))


def _simple(entries: QuerySet, query: str) -> Hits:
    wanted = terms(query)
    if not wanted:
        return Hits([], 0)
    found = entries
    for term in wanted:
        # SQLite's REGEXP is Python's re (Django registers it), so æ, ø and å fold too.
        found = found.filter(Q(title__iregex=term.pattern) | Q(text__iregex=term.pattern))
    results = list(found.order_by("-meeting_date", "-report__month", "position")[:MAX_RESULTS])
    for entry in results:
        entry.snippet = marked(around_first_hit(entry.text, wanted))
    return Hits(results, total_found(found, results))


def total_found(found: QuerySet, results: list, cap: int = MAX_RESULTS) -> int:
    """How many ``found`` has: counted only when the results were cut at the cap,
    otherwise they are all."""
    return found.count() if len(results) == cap else len(results)


def around_first_hit(text: str, wanted: list[Term]) -> str:
    """Some words either side of the first hit in ``text``, with the hits marked."""
    text = " ".join(text.split())
    hits = [hit.start() for hit in (term.find(text) for term in wanted) if hit]
    if not hits:
        return ""
    first = min(hits)
    start = max(0, first - SNIPPET_BEFORE)
    end = min(len(text), first + SNIPPET_AFTER)
    # Whole words only: from the first space after the start, to the last before the end.
    if start > 0:
        space = text.find(" ", start, first)
        start = space + 1 if space >= 0 else start
    if end < len(text):
        space = text.rfind(" ", first, end)
        end = space if space > first else end
    window = mark(text[start:end], wanted, START, STOP)
    return f"{'… ' if start > 0 else ''}{window}{' …' if end < len(text) else ''}"


def marked(snippet: str) -> SafeString:
    """The snippet escaped, its hits in <mark>: only the markers become HTML."""
    return mark_safe(escape(snippet).replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308
