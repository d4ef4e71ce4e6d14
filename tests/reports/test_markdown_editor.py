"""The section form's Markdown: what the sanitiser removed is said, and a preview."""

import pytest
from django.urls import reverse

from reports.markdown import removal_message, removed_by_sanitiser
from ror_portal.roles import Role

pytestmark = pytest.mark.django_db

PREVIEW_URL = "/admin/reports/section/forhandsvis/"


def test_removed_scripts_images_and_attributes_are_named():
    text = (
        "Status <script>alert('x')</script> for januar.\n\n"
        "![Kart](https://example.no/kart.png)\n\n"
        '<a href="javascript:alert(1)" onclick="steal()">Lenke</a> og [trygg](https://ror-ikt.no)'
    )
    assert removed_by_sanitiser(text) == [
        "<script>",
        "1 bilde",
        "attributtet href",
        "attributtet onclick",
    ]
    assert removed_by_sanitiser("![a](x.png) ![b](y.png) <style>p{}</style>") == [
        "<style>",
        "2 bilder",
    ]


def test_nothing_is_said_of_what_markdown_may_contain():
    text = (
        "**Fet**, *kursiv*, [lenke](https://ror-ikt.no)\n\n- punkt\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |"
    )
    assert removed_by_sanitiser(text) == []
    assert removal_message(text, field_label="teksten") is None


def test_saving_a_section_says_what_was_removed(client_for, report_with_glossary):
    client = client_for(Role.ADMINISTRATOR)
    section = report_with_glossary.sections.get(title="Driftsresultat")
    response = client.post(
        reverse("admin:reports_section_change", args=[section.pk]),
        {
            "parent": section.parent_id,
            "title": section.title,
            "body": "Tekst <script>alert(1)</script> ![bilde](https://x.no/a.png)",
            "block": "",
            "body_after_block": "Etter <iframe src='https://x.no'></iframe>",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Fjernet fra teksten: &lt;script&gt;, 1 bilde" in html
    assert "Fjernet fra teksten etter datablokken: &lt;iframe&gt;" in html
    section.refresh_from_db()
    assert "<script>" in section.body  # kept as typed; removed where it is shown


def test_a_clean_save_has_no_removal_message(client_for, report_with_glossary):
    client = client_for(Role.ADMINISTRATOR)
    section = report_with_glossary.sections.get(title="Driftsresultat")
    response = client.post(
        reverse("admin:reports_section_change", args=[section.pk]),
        {
            "parent": section.parent_id,
            "title": section.title,
            "body": "Ren **tekst**.",
            "block": "",
            "body_after_block": "",
        },
        follow=True,
    )
    assert "Fjernet fra" not in response.content.decode()


def test_the_preview_renders_as_the_report_does(client_for):
    client = client_for(Role.ADMINISTRATOR)
    response = client.post(
        PREVIEW_URL, {"body": "Merforbruk på **1,938 mill. kr** <script>x()</script>"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Merforbruk på <strong>1,938 mill. kr</strong>" in html
    assert "<script>" not in html
    assert "Fjernet fra teksten: &lt;script&gt;" in html
    assert client.post(PREVIEW_URL, {"body": ""}).content.decode().strip() == (
        "<p>Det er ingen tekst å forhåndsvise.</p>"
    )


def test_the_preview_is_for_administrators_and_by_post(client_for):
    assert client_for(Role.ADMINISTRATOR).get(PREVIEW_URL).status_code == 405
    assert client_for(Role.BOARD_MEMBER).post(PREVIEW_URL, {"body": "x"}).status_code == 403
    assert client_for(None).post(PREVIEW_URL, {"body": "x"}).status_code == 302


def test_the_section_form_has_the_preview_button_and_its_static_script(
    client_for, report_with_glossary
):
    section = report_with_glossary.sections.get(title="Driftsresultat")
    html = (
        client_for(Role.ADMINISTRATOR)
        .get(reverse("admin:reports_section_change", args=[section.pk]))
        .content.decode()
    )
    assert 'id="markdown-preview-button"' in html
    assert f'data-url="{PREVIEW_URL}"' in html
    assert '<script src="/static/js/admin-markdown-preview.js" defer></script>' in html
