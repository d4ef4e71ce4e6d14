import pytest
from bs4 import BeautifulSoup
from django.template import Context, Template


def wrapped(table: str) -> BeautifulSoup:
    template = Template("{% load tables %}{% table_scroll %}" + table + "{% endtable_scroll %}")
    return BeautifulSoup(template.render(Context({"who": "Aukra & <Molde>"})), "html.parser")


def test_a_table_scrolls_in_a_region_named_by_its_caption():
    soup = wrapped(
        "<table><caption>\n  Kostnad for <strong>{{ who }}</strong>\n</caption>"
        "<tr><td>1</td></tr></table>"
    )
    region = soup.find("div")
    assert region.attrs == {
        "class": ["table-scroll"],
        "role": "region",
        "aria-label": "Kostnad for Aukra & <Molde>",
        "tabindex": "0",
    }
    assert region.find("table").find("strong").get_text() == "Aukra & <Molde>"


def test_a_table_without_a_caption_is_refused():
    with pytest.raises(ValueError, match="caption"):
        wrapped("<table><tr><td>1</td></tr></table>")
