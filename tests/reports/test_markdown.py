"""render_markdown: administrators' Markdown keeps its structure and loses everything unsafe."""

import pytest
from django.utils.safestring import SafeString

from ror_portal.markdown import render_markdown


def test_script_element_and_its_content_are_removed():
    html = render_markdown("<script>alert('hei')</script>\n\nVanlig tekst.")

    assert "<script" not in html.lower()
    assert "alert" not in html
    assert "<p>Vanlig tekst.</p>" in html


def test_style_element_is_removed():
    html = render_markdown("<style>body { display: none }</style>\n\nTekst.")

    assert "<style" not in html.lower()
    assert "display" not in html
    assert "<p>Tekst.</p>" in html


def test_onerror_attribute_and_raw_img_are_removed():
    html = render_markdown("<img src=x onerror=alert(1)>")

    assert "onerror" not in html.lower()
    assert "alert" not in html
    assert "<img" not in html.lower()


def test_onclick_attribute_is_removed_but_link_stays():
    html = render_markdown('<a href="#" onclick="stjel()">Les mer</a>')

    assert "onclick" not in html.lower()
    assert "stjel" not in html
    assert '<a href="#" rel="noopener noreferrer">Les mer</a>' in html


@pytest.mark.parametrize(
    "text",
    [
        "[Klikk](javascript:alert(1))",
        '<a href="javascript:alert(1)">Klikk</a>',
        '<a href="JaVaScRiPt:alert(1)">Klikk</a>',
    ],
)
def test_javascript_href_is_removed(text):
    html = render_markdown(text)

    assert "javascript:" not in html.lower()
    assert "href" not in html
    assert "Klikk</a>" in html


@pytest.mark.parametrize(
    ("text", "url_part"),
    [
        ("![x](http://127.0.0.1/a.png)", "127.0.0.1"),
        ("![x](file:///etc/passwd)", "file:"),
        ('<img src="http://127.0.0.1/a.png">', "127.0.0.1"),
    ],
)
def test_images_are_removed_so_nothing_is_fetched(text, url_part):
    html = render_markdown(text)

    assert "<img" not in html.lower()
    assert url_part not in html
    assert "src=" not in html


def test_table_survives_with_header_cells():
    html = render_markdown("| Kommune | Andel |\n|---|--:|\n| Molde | 40 % |\n| Aukra | 8 % |\n")

    assert "<table>" in html
    assert "<th>Kommune</th>" in html
    assert "<th>Andel</th>" in html
    assert "<td>Molde</td>" in html
    assert "<td>8 %</td>" in html
    # the alignment style the tables extension writes is not an allowed attribute
    assert "style=" not in html


def test_a_typed_table_scrolls_in_a_region_named_by_its_columns():
    html = render_markdown(
        "| Kommune | Andel <b>%</b> |\n|---|--:|\n| Molde | 40 |\n\n"
        '<table onclick="x"><tr><td>a & b</td></tr></table>'
    )

    assert html.count('<div class="table-scroll" role="region"') == 2
    assert 'aria-label="Tabell: Kommune, Andel %" tabindex="0"><table>' in html
    # a raw HTML table is sanitised before it is wrapped, and names it by its cells too
    assert 'aria-label="Tabell: a &amp; b" tabindex="0"><table><tbody>' in html
    assert "onclick" not in html
    assert html.count("</table></div>") == 2


def test_lists_survive():
    html = render_markdown("- første\n- andre\n\n1. en\n2. to\n")

    assert "<ul>\n<li>første</li>\n<li>andre</li>\n</ul>" in html
    assert "<ol>" in html
    assert "<li>to</li>" in html


def test_strong_and_em_survive():
    html = render_markdown("**viktig** og *uthevet*")

    assert html == "<p><strong>viktig</strong> og <em>uthevet</em></p>"


def test_link_survives_with_noopener_noreferrer():
    html = render_markdown("[a](https://example.no)")

    assert '<a href="https://example.no" rel="noopener noreferrer">a</a>' in html


def test_norwegian_letters_are_not_escaped():
    html = render_markdown("Blåbærsyltetøy på ørret: ÆØÅ æøå")

    assert html == "<p>Blåbærsyltetøy på ørret: ÆØÅ æøå</p>"
    assert "&" not in html


def test_result_is_safe_string_and_empty_input_gives_empty_output():
    assert isinstance(render_markdown("tekst"), SafeString)
    assert render_markdown("") == ""
    assert render_markdown(None) == ""
