"""The SQLite search's words: what a query asks for, and where a text has it.

A term matches at the start of a word and may go on (a prefix: "feilmelding" finds
"feilmeldinger", "SLA" finds "SLA-brudd" but not "forslag"); the whole word is what
gets marked. A number matches whole numbers, however their thousands are written: "1 864 000",
"1864000", or with the non-breaking or narrow spaces the portal prints; so
"1 864 000" is one term, not three, and "864" does not find it.
"""

import re
from dataclasses import dataclass

# What separates thousands in Norwegian: a space, no-break, narrow no-break or thin space.
SEPARATOR = "[ \u00a0\u202f\u2009]"
_NUMBER = rf"\d{{1,3}}(?:{SEPARATOR}\d{{3}})+(?:,\d+)?(?!\d)|\d+(?:,\d+)?"
_TERM = re.compile(rf"(?<!\w)(?P<number>{_NUMBER})(?!\w)|\w+")


@dataclass(frozen=True)
class Term:
    pattern: str  # a Python regular expression (SQLite's REGEXP is Python's re)

    def find(self, text: str) -> re.Match | None:
        return re.search(self.pattern, text, flags=re.IGNORECASE)


def _number_pattern(number: str) -> str:
    whole, _, decimals = number.partition(",")
    digits = re.sub(r"\D", "", whole)
    # Groups of three from the right, each separator optional: 1864000 = 1 864 000.
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[at : at + 3] for at in range(head, len(digits), 3)]
    pattern = f"{SEPARATOR}?".join(groups) + (f",{decimals}" if decimals else "")
    # Whole numbers: not the 864 of 1 864 000 (a group of three after a separator),
    # not its 1 864, nor the 1 or the 68 of 1,68.
    inside = rf"(?<!\d{SEPARATOR})" if len(groups[0]) == 3 else ""
    return rf"(?<!\w)(?<!\d,){inside}{pattern}(?!\d)(?!,\d)(?!{SEPARATOR}\d{{3}}(?!\d))"


def terms(query: str) -> list[Term]:
    """The query's terms, in order; punctuation and quotes are not terms."""
    found = []
    for match in _TERM.finditer(query):
        if match["number"]:
            found.append(Term(_number_pattern(match["number"])))
        else:
            # The word and the rest of the word it starts.
            found.append(Term(rf"(?<!\w){re.escape(match.group())}\w*"))
    return found


def mark(text: str, query_terms: list[Term], start: str, stop: str) -> str:
    """``text`` with every hit of the terms between ``start`` and ``stop``."""
    pattern = "|".join(f"(?:{term.pattern})" for term in query_terms)
    return re.sub(pattern, lambda hit: f"{start}{hit.group()}{stop}", text, flags=re.IGNORECASE)
