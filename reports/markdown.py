"""What the sanitiser took out of an administrator's Markdown, said in plain words.

The text is rendered as the report renders it (ror_portal.markdown); what nh3 removed
is the difference between the tags and attributes of its input and of its output.
"""

from collections import Counter
from html.parser import HTMLParser

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ror_portal.markdown import markdown_html, render_markdown, validate_markdown

# Attributes nh3 adds itself (rel on links): never "removed".
ADDED_BY_SANITISER = {"rel"}


class _Inventory(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.attributes: Counter[tuple[str, str]] = Counter()

    def handle_starttag(self, tag, attrs) -> None:
        self.tags[tag] += 1
        for name, _value in attrs:
            self.attributes[tag, name] += 1

    def handle_startendtag(self, tag, attrs) -> None:
        self.handle_starttag(tag, attrs)


def _inventory(html: str) -> _Inventory:
    parser = _Inventory()
    parser.feed(html)
    parser.close()
    return parser


def removed_by_sanitiser(text: str) -> list[str]:
    """What the shown text lacks of what was typed: ["<script>", "1 bilde", "onclick"]."""
    typed = _inventory(markdown_html(text))
    shown = _inventory(str(render_markdown(text)))
    tags = typed.tags - shown.tags
    removed = [
        f"<{tag}>" if count == 1 else f"{count} × <{tag}>"
        for tag, count in sorted(tags.items())
        if tag != "img"
    ]
    if tags["img"]:
        count = tags["img"]
        removed.append(ngettext("%(count)s image", "%(count)s images", count) % {"count": count})
    # Attributes taken off tags that stay (onclick, a javascript: href); a removed tag's
    # own attributes went with it.
    attributes = {
        name
        for (tag, name) in typed.attributes - shown.attributes
        if tag in shown.tags and name not in ADDED_BY_SANITISER
    }
    removed += [_("the attribute %(name)s") % {"name": name} for name in sorted(attributes)]
    return removed


def removal_message(text: str, *, field_label: str | Promise) -> str | None:
    """ "Fjernet fra teksten: <script>, 1 bilde", or None when nothing was removed.
    A text beyond the bounds of Markdown (ror_portal.markdown.validate_markdown) is
    said first: it will not be saved, and is shown flattened."""
    messages = []
    try:
        validate_markdown(text)
    except ValidationError as error:
        messages += [
            _("%(field)s: %(message)s") % {"field": field_label, "message": message}
            for message in error.messages
        ]
    removed = removed_by_sanitiser(text)
    if removed:
        messages.append(
            _("Removed from %(field)s: %(removed)s")
            % {"field": field_label, "removed": ", ".join(removed)}
        )
    return " ".join(messages) or None
