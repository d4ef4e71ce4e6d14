"""parse_outline: a report's sections written as one Markdown file."""

import pytest
from django.conf import settings

from reports.models import Section
from reports.outline import OutlineSection, parse_outline
from reports.tree import numbered
from tests.factories import MonthlyReportFactory

DEMO_OUTLINE = settings.BASE_DIR / "fixtures" / "report-2024-01.md"


def numbers_from_depths(outline: list[OutlineSection]) -> list[str]:
    """The numbers a list of depths gives (1, 1.1, 1.2, 2 …), computed independently."""
    counters: list[int] = []
    numbers = []
    for item in outline:
        counters = counters[: item.depth]
        if len(counters) < item.depth:
            counters.append(0)
        counters[-1] += 1
        numbers.append(".".join(str(n) for n in counters))
    return numbers


def test_depth_comes_from_the_number_of_hashes_and_title_is_trimmed():
    outline = parse_outline("# Én\n## To  \n### Tre\n#### Fire\n## Fem\n# Seks\n")

    assert [(s.depth, s.title) for s in outline] == [
        (1, "Én"),
        (2, "To"),
        (3, "Tre"),
        (4, "Fire"),
        (2, "Fem"),
        (1, "Seks"),
    ]


def test_body_before_and_after_block_line():
    outline = parse_outline(
        "# Regnskap\n\nFør tabellen.\n\n- punkt\n\n::: block budget.operating_result\n\n"
        "Etter tabellen.\n\n# Neste\n\nBare tekst.\n"
    )

    first, second = outline
    assert first.body == "Før tabellen.\n\n- punkt"
    assert first.block == "budget.operating_result"
    assert first.body_after_block == "Etter tabellen."
    assert second.body == "Bare tekst."
    assert second.block == ""
    assert second.body_after_block == ""


def test_section_with_only_a_block():
    (section,) = parse_outline("# Ordliste\n::: block reports.glossary\n")

    assert section.block == "reports.glossary"
    assert section.body == ""
    assert section.body_after_block == ""


def test_heading_that_skips_a_level_is_an_error():
    with pytest.raises(ValueError, match="skips a level"):
        parse_outline("# Én\n### For dyp\n")


def test_first_heading_deeper_than_one_is_an_error():
    with pytest.raises(ValueError, match="skips a level"):
        parse_outline("## Starter for dypt\n")


def test_two_block_markers_in_one_section_is_an_error():
    with pytest.raises(ValueError, match=r"Two data blocks.*'Regnskap'"):
        parse_outline("# Regnskap\n::: block budget.operating_result\n::: block reports.glossary\n")


def test_block_markers_in_different_sections_are_fine():
    outline = parse_outline("# A\n::: block x.one\n# B\n::: block x.two\n")

    assert [s.block for s in outline] == ["x.one", "x.two"]


def test_text_before_the_first_heading_is_an_error():
    with pytest.raises(ValueError, match="before the first heading"):
        parse_outline("Innledning uten overskrift.\n# Én\n")


def test_blank_lines_before_the_first_heading_are_allowed():
    assert [s.title for s in parse_outline("\n  \n# Én\n")] == ["Én"]


def test_numbers_from_depths_helper():
    outline = [OutlineSection(d, "") for d in (1, 2, 2, 1, 2, 3, 3, 2)]

    assert numbers_from_depths(outline) == ["1", "1.1", "1.2", "2", "2.1", "2.1.1", "2.1.2", "2.2"]


@pytest.fixture(scope="module")
def demo_outline():
    return parse_outline(DEMO_OUTLINE.read_text(encoding="utf-8"))


EXPECTED_DEMO_SECTIONS = [
    "1 Regnskap 2023",
    "1.1 Driftsresultat",
    "2.1.2.6 Overholdelse av tjenestenivåavtalen – SLA",
    "2.11 Driftstekniske aktiviteter",
    "3 Definisjoner og begreper",
]
EXPECTED_DEMO_BLOCKS = {
    "1.1": "budget.operating_result",
    "2.1.2.6": "support.sla_compliance",
    "3": "reports.glossary",
}


def test_demo_outline_numbers_and_blocks(demo_outline):
    numbers = numbers_from_depths(demo_outline)
    headings = [f"{n} {s.title}" for n, s in zip(numbers, demo_outline, strict=True)]
    blocks = {n: s.block for n, s in zip(numbers, demo_outline, strict=True) if s.block}

    for expected in EXPECTED_DEMO_SECTIONS:
        assert expected in headings
    for number, block in EXPECTED_DEMO_BLOCKS.items():
        assert blocks[number] == block
    assert numbers[-1] == "3"


@pytest.mark.django_db
def test_demo_outline_saved_as_sections_is_numbered_the_same_by_the_tree(demo_outline):
    report = MonthlyReportFactory()
    parents: list[Section] = []
    for position, item in enumerate(demo_outline):
        parents = parents[: item.depth - 1]
        section = Section.objects.create(
            report=report,
            parent=parents[-1] if parents else None,
            position=position,
            title=item.title,
            block=item.block,
        )
        parents.append(section)

    tree = numbered(report.sections.all())
    headings = [f"{n.number} {n.section.title}" for n in tree]
    blocks = {n.number: n.section.block for n in tree if n.section.block}

    assert [n.number for n in tree] == numbers_from_depths(demo_outline)
    for expected in EXPECTED_DEMO_SECTIONS:
        assert expected in headings
    for number, block in EXPECTED_DEMO_BLOCKS.items():
        assert blocks[number] == block
