"""Nested lists as administrators type them survive the Markdown and the sanitiser."""

import pytest
from bs4 import BeautifulSoup

from reports.markdown import removed_by_sanitiser
from ror_portal.markdown import render_markdown


def tree(text: str) -> list:
    """The rendered lists as nested Python lists: ["a", ["b", "c"], "d"]."""

    def items(list_tag) -> list:
        out: list = []
        for item in list_tag.find_all("li", recursive=False):
            out.append("".join(item.find_all(string=True, recursive=False)).strip())
            for child in item.find_all(["ul", "ol"], recursive=False):
                out.append(items(child))
        return out

    return items(BeautifulSoup(str(render_markdown(text)), "html.parser").find(["ul", "ol"]))


@pytest.mark.parametrize(
    "text",
    [
        "- a\n  - b\n  - c\n- d",  # two spaces, as CommonMark and most editors write it
        "- a\n    - b\n    - c\n- d",  # four, as python-markdown wants it
        "* a\n  + b\n  + c\n* d",
    ],
)
def test_a_nested_list_stays_nested(text):
    assert tree(text) == ["a", ["b", "c"], "d"]


def test_three_levels_and_an_ordered_list():
    assert tree("- a\n  - b\n    - c\n- d") == ["a", ["b", ["c"]], "d"]
    assert tree("1. a\n   - b\n2. c") == ["a", ["b"], "c"]


def test_the_sanitiser_keeps_the_nested_list():
    html = str(render_markdown("- a\n  - b"))

    assert "<ul>\n<li>a<ul>\n<li>b</li>" in html
    assert removed_by_sanitiser("- a\n  - b") == []


def test_a_paragraph_after_the_list_and_indented_code_are_left_alone():
    html = str(render_markdown("- a\n  - b\n\nEtter listen.\n\n    kode"))

    assert "<p>Etter listen.</p>" in html
    assert "<pre><code>kode" in html
