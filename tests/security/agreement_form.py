"""The security agreement's change form in the admin, as the browser would send it back."""

from bs4 import BeautifulSoup


def form_data(html: str) -> dict[str, str]:
    """The change form's fields as the browser would send them unchanged."""
    page = BeautifulSoup(html, "html.parser")
    form = page.find("form", id="securityagreement_form")
    data = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.get("type") in ("submit", "button", "file"):
            continue
        if field.get("type") == "checkbox":
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        elif field.name == "textarea":
            data[name] = field.get_text().removeprefix("\n")
        elif field.name == "select":
            chosen = field.find("option", selected=True)
            data[name] = chosen["value"] if chosen else ""
        else:
            data[name] = field.get("value", "")
    return data
