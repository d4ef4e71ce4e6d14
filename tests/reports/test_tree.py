"""Section numbering from the tree, moving sections, and Section.clean."""

import pytest
from django.core.exceptions import ValidationError

from reports.models import Section
from reports.tree import Move, numbered, section_move
from tests.factories import MonthlyReportFactory, SectionFactory

pytestmark = pytest.mark.django_db


def numbers(report) -> dict[str, str]:
    """Section title → its number, read fresh from the database."""
    return {item.section.title: item.number for item in numbered(report.sections.all())}


def reading_order(report) -> list[str]:
    return [f"{item.number} {item.section.title}" for item in numbered(report.sections.all())]


@pytest.fixture
def report():
    return MonthlyReportFactory()


def children(report, parent, titles):
    return [
        SectionFactory(report=report, parent=parent, position=i, title=t)
        for i, t in enumerate(titles)
    ]


@pytest.fixture
def flat_tree(report):
    """A (1) with A1 (1.1), A2 (1.2); B (2); C (3)."""
    a, _b, _c = children(report, None, ["A", "B", "C"])
    children(report, a, ["A1", "A2"])
    return report


def test_numbers_follow_the_tree(flat_tree):
    assert reading_order(flat_tree) == ["1 A", "1.1 A1", "1.2 A2", "2 B", "3 C"]


def test_deep_tree_numbers_anchor_and_heading_level(report):
    _first, second = children(report, None, ["Regnskap", "Aktiviteter"])
    (kundeservice,) = children(report, second, ["Kundeservice"])
    _pc, support = children(report, kundeservice, ["Rullering", "Support"])
    children(report, support, [f"Del {i}" for i in range(1, 6)] + ["SLA"])

    tree = {item.section.title: item for item in numbered(report.sections.all())}

    assert tree["Regnskap"].number == "1"
    assert tree["Aktiviteter"].number == "2"
    assert tree["Kundeservice"].number == "2.1"
    assert tree["Support"].number == "2.1.2"
    sla = tree["SLA"]
    assert sla.number == "2.1.2.6"
    assert sla.depth == 4
    assert sla.anchor == "seksjon-2-1-2-6"
    assert sla.heading_level == 5
    assert tree["Regnskap"].depth == 1
    assert tree["Regnskap"].heading_level == 2
    assert tree["Regnskap"].anchor == "seksjon-1"


def test_siblings_with_equal_position_are_ordered_by_id(report):
    SectionFactory(report=report, position=0, title="Først laget")
    SectionFactory(report=report, position=0, title="Sist laget")

    assert reading_order(report) == ["1 Først laget", "2 Sist laget"]


def test_heading_level_stops_at_six(report):
    parent = None
    for depth in range(1, 8):
        parent = SectionFactory(report=report, parent=parent, title=f"Nivå {depth}")

    tree = numbered(report.sections.all())

    assert [item.heading_level for item in tree] == [2, 3, 4, 5, 6, 6, 6]
    assert tree[-1].number == "1.1.1.1.1.1.1"


def test_only_given_sections_are_numbered(report):
    SectionFactory(report=report, title="Min")
    other = MonthlyReportFactory(month="2024-02-01")
    SectionFactory(report=other, title="Annen")

    assert reading_order(report) == ["1 Min"]


@pytest.mark.parametrize("count", [5, 50])
def test_numbering_uses_one_query_whatever_the_size(report, count, django_assert_num_queries):
    parent = None
    for i in range(count):
        # every third section starts a new main section; the others go one level down
        section = SectionFactory(report=report, parent=None if i % 3 == 0 else parent)
        if i % 3 == 0:
            parent = section

    with django_assert_num_queries(1):
        tree = numbered(report.sections.all())

    assert len(tree) == count


# --- moving ---------------------------------------------------------------------------------


def section(report, title) -> Section:
    return Section.objects.get(report=report, title=title)


def test_move_up_swaps_numbers(flat_tree):
    section_move(section=section(flat_tree, "B"), direction=Move.UP)

    assert reading_order(flat_tree) == ["1 B", "2 A", "2.1 A1", "2.2 A2", "3 C"]


def test_move_down_swaps_numbers(flat_tree):
    section_move(section=section(flat_tree, "A1"), direction=Move.DOWN)

    assert numbers(flat_tree)["A1"] == "1.2"
    assert numbers(flat_tree)["A2"] == "1.1"


def test_move_in_makes_it_the_last_child_of_the_previous_sibling(flat_tree):
    section_move(section=section(flat_tree, "B"), direction=Move.IN)

    assert reading_order(flat_tree) == ["1 A", "1.1 A1", "1.2 A2", "1.3 B", "2 C"]
    assert section(flat_tree, "B").parent == section(flat_tree, "A")


def test_move_in_goes_last_also_when_positions_start_at_one(report):
    # As the admin creates them: section_append_position gives 1, 2, 3 …
    a = SectionFactory(report=report, position=1, title="A")
    SectionFactory(report=report, position=2, title="B")
    SectionFactory(report=report, parent=a, position=1, title="A1")
    SectionFactory(report=report, parent=a, position=2, title="A2")

    section_move(section=section(report, "B"), direction=Move.IN)

    assert reading_order(report) == ["1 A", "1.1 A1", "1.2 A2", "1.3 B"]


def test_move_in_under_a_section_without_children(flat_tree):
    section_move(section=section(flat_tree, "C"), direction=Move.IN)

    assert reading_order(flat_tree) == ["1 A", "1.1 A1", "1.2 A2", "2 B", "2.1 C"]


def test_move_out_makes_it_the_next_sibling_after_its_parent(flat_tree):
    section_move(section=section(flat_tree, "A1"), direction=Move.OUT)

    assert reading_order(flat_tree) == ["1 A", "1.1 A2", "2 A1", "3 B", "4 C"]
    assert section(flat_tree, "A1").parent is None


def test_move_in_then_out_restores_the_numbers(flat_tree):
    before = reading_order(flat_tree)

    section_move(section=section(flat_tree, "B"), direction=Move.IN)
    section_move(section=section(flat_tree, "B"), direction=Move.OUT)

    assert reading_order(flat_tree) == before


@pytest.mark.parametrize(
    ("title", "direction"),
    [
        ("A", Move.UP),  # first main section
        ("A1", Move.UP),  # first child
        ("C", Move.DOWN),  # last main section
        ("A2", Move.DOWN),  # last child
        ("A", Move.IN),  # no previous sibling
        ("A1", Move.IN),
        ("B", Move.OUT),  # already a main section
        ("B", "sideways"),  # not a direction
    ],
)
def test_impossible_moves_are_refused_and_change_nothing(flat_tree, title, direction):
    before = reading_order(flat_tree)

    with pytest.raises(ValidationError) as error:
        section_move(section=section(flat_tree, title), direction=direction)

    assert error.value.messages == ["Seksjonen kan ikke flyttes slik."]
    assert reading_order(flat_tree) == before


# --- Section.clean ---------------------------------------------------------------------------


def test_clean_refuses_the_section_itself_as_parent(flat_tree):
    a = section(flat_tree, "A")
    a.parent = a

    with pytest.raises(ValidationError) as error:
        a.clean()

    assert list(error.value.message_dict) == ["parent"]
    assert "under seg selv" in error.value.message_dict["parent"][0]


@pytest.mark.parametrize("descendant", ["A1", "A1-x"])
def test_clean_refuses_a_descendant_as_parent(flat_tree, descendant):
    SectionFactory(report=flat_tree, parent=section(flat_tree, "A1"), title="A1-x")
    a = section(flat_tree, "A")
    a.parent = section(flat_tree, descendant)

    with pytest.raises(ValidationError) as error:
        a.clean()

    assert list(error.value.message_dict) == ["parent"]


def test_clean_refuses_a_parent_in_another_report(flat_tree):
    other_report = MonthlyReportFactory(month="2024-02-01")
    foreign = SectionFactory(report=other_report, title="Fremmed")
    b = section(flat_tree, "B")
    b.parent = foreign

    with pytest.raises(ValidationError) as error:
        b.clean()

    assert error.value.message_dict == {"parent": ["Seksjonen over må være i samme rapport."]}


def test_clean_accepts_a_valid_parent(flat_tree):
    a1 = section(flat_tree, "A1")
    a1.parent = section(flat_tree, "C")

    a1.clean()  # no error

    b = section(flat_tree, "B")
    b.parent = section(flat_tree, "A2")
    b.clean()
    assert b.parent.title == "A2"


def test_clean_refuses_an_unknown_block(report):
    unsaved = Section(report=report, title="Tall", block="finnes.ikke")

    with pytest.raises(ValidationError) as error:
        unsaved.clean()

    assert error.value.message_dict == {"block": ["Det finnes ingen datablokk med dette navnet."]}


def test_clean_accepts_a_known_block(report):
    unsaved = Section(report=report, title="Ordliste", block="reports.glossary")

    unsaved.clean()

    assert unsaved.block == "reports.glossary"
