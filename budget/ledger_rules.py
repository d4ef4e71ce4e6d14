"""Which budget line a ledger posting goes to, by the mapping rules (LedgerRule).

The precedence, where several rules match one posting:

1. the rule that names more of art, ansvar, funksjon and prosjekt wins;
2. then by how closely the art is named: one art (``195``) before a range
   (``100-199``), a range before a prefix (``19*``), a narrower range before a wider,
   a longer prefix before a shorter; any of them before no art;
3. rules still equal that point at different lines make the posting *doubly
   mapped*: it is listed and counted in neither line, never guessed.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from budget.models import LedgerRule

_SINGLE = re.compile(r"[0-9]+")
_RANGE = re.compile(r"([0-9]+) *- *([0-9]+)")
_PREFIX = re.compile(r"([0-9]+)\*")


@dataclass(frozen=True)
class ArtPattern:
    """One art, a range or a prefix, with how closely it names an art (higher: closer)."""

    low: int
    high: int
    prefix: str = ""

    @classmethod
    def parse(cls, text: str) -> "ArtPattern":
        """``195``, ``100-199`` or ``19*``; ValueError in words otherwise."""
        text = text.strip()
        if _SINGLE.fullmatch(text):
            return cls(int(text), int(text))
        if match := _RANGE.fullmatch(text):
            low, high = int(match[1]), int(match[2])
            if low > high:
                raise ValueError(_("The range %(art)s runs backwards.") % {"art": text})
            return cls(low, high)
        if match := _PREFIX.fullmatch(text):
            return cls(0, 0, prefix=match[1])
        raise ValueError(
            _("“%(art)s” is no art: write one art (195), a range (100-199) or a prefix (19*).")
            % {"art": text}
        )

    def matches(self, art: str) -> bool:
        if self.prefix:
            return art.startswith(self.prefix)
        return self.low <= int(art) <= self.high

    @property
    def closeness(self) -> tuple[int, int]:
        if self.prefix:
            return (1, len(self.prefix))
        if self.low == self.high:
            return (3, 0)
        return (2, self.low - self.high)  # narrower is higher


@dataclass(frozen=True)
class Rule:
    """A LedgerRule as matched: its line, its art pattern and the other dimensions."""

    line_id: int
    art: ArtPattern | None
    ansvar: str
    funksjon: str
    prosjekt: str

    @classmethod
    def of(cls, rule: LedgerRule) -> "Rule":
        return cls(
            rule.line_id,
            ArtPattern.parse(rule.art) if rule.art else None,
            rule.ansvar.strip(),
            rule.funksjon.strip(),
            rule.prosjekt.strip(),
        )

    def matches(self, art: str, ansvar: str, funksjon: str, prosjekt: str) -> bool:
        return (
            (self.art is None or self.art.matches(art))
            and self.ansvar in ("", ansvar)
            and self.funksjon in ("", funksjon)
            and self.prosjekt in ("", prosjekt)
        )

    @property
    def precedence(self) -> tuple[int, int, int]:
        named = sum(1 for value in (self.art, self.ansvar, self.funksjon, self.prosjekt) if value)
        return (named, *(self.art.closeness if self.art else (0, 0)))


class Mapping:
    """The rules of one year's lines, asked posting by posting."""

    def __init__(self, rules: Iterable[LedgerRule]) -> None:
        self.rules = [Rule.of(rule) for rule in rules]

    @classmethod
    def for_year(cls, year: int) -> "Mapping":
        return cls(LedgerRule.objects.filter(line__year=year))

    def lines(self, art: str, ansvar: str, funksjon: str, prosjekt: str) -> set[int]:
        """The lines the posting goes to: one, none (not mapped) or several (doubly
        mapped: the best rules tie and point at different lines)."""
        matching = [rule for rule in self.rules if rule.matches(art, ansvar, funksjon, prosjekt)]
        if not matching:
            return set()
        best = max(rule.precedence for rule in matching)
        return {rule.line_id for rule in matching if rule.precedence == best}
