"""English text left on a page the reader sees: the phrases of the English catalogues of
Django's admin, Django's auth, django-axes and django-simple-history, and the text of a
page as it is seen or read out."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import django
import polib

PACKAGES = Path(django.__file__).parent.parent

# The English catalogues whose text must not show. axes has no English catalogue:
# its strings are read from its source.
ENGLISH_CATALOGUES = [
    "django/contrib/admin/locale/en/LC_MESSAGES/django.po",
    "django/contrib/admin/locale/en/LC_MESSAGES/djangojs.po",
    "django/contrib/auth/locale/en/LC_MESSAGES/django.po",
    "simple_history/locale/de/LC_MESSAGES/django.po",
]
# English words that are also Norwegian, or appear in the demo's own Norwegian
# text ("Jan Nybø"), so are not evidence of an untranslated string.
ALSO_NORWEGIAN = {"Filter", "Status", "Administrator", "Jan", "Feb", "Mar", "Apr", "Aug", "Nov"}


def english_msgids() -> set[str]:
    msgids = set()
    for name in ENGLISH_CATALOGUES:
        for entry in polib.pofile(str(PACKAGES / name)):
            msgids.update(filter(None, [entry.msgid, entry.msgid_plural]))
    for source in (PACKAGES / "axes").rglob("*.py"):
        msgids.update(re.findall(r'\b_\(\s*"([^"{]+)"', source.read_text()))
    return msgids


def english_phrases() -> list[str]:
    """The literal runs of every English msgid ("Show counts", "Change history:",
    "entries"), longest first; short lower-case words ("for", "and", "user") are
    left out, as they are also names and Norwegian text."""
    phrases = set()
    for msgid in english_msgids():
        text = re.sub(r"<[^>]+>", " ", msgid)
        for run in re.split(r"%\(\w+\)[sd]|%[sd]|\{\w*\}", text):
            run = run.strip(" \n:.,;“”\"'()-–")
            one_word = " " not in run
            if not re.search(r"[A-Za-z]{3}", run) or (
                one_word and len(run) < (5 if run.islower() else 3)
            ):
                continue
            if run not in ALSO_NORWEGIAN:
                phrases.add(run)
    return sorted(phrases, key=len, reverse=True)


class VisibleText(HTMLParser):
    """What a reader sees or hears: text, and the attributes that are read out
    or shown (placeholder, title, aria-label, alt, button values, the inline
    formsets' link texts). Not what was typed into fields."""

    SHOWN_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.hidden_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "textarea", "template"):
            self.hidden_depth += 1
        attributes = dict(attrs)
        self.parts += [attributes[name] for name in self.SHOWN_ATTRIBUTES if attributes.get(name)]
        if tag == "input" and attributes.get("type") in ("submit", "button", "reset"):
            self.parts.append(attributes.get("value") or "")
        if attributes.get("data-inline-formset"):
            options = json.loads(attributes["data-inline-formset"])["options"]
            self.parts += [options["addText"], options["deleteText"]]

    def handle_endtag(self, tag):
        if tag in ("script", "style", "textarea", "template"):
            self.hidden_depth -= 1

    def handle_data(self, data):
        if not self.hidden_depth and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return "\n".join(parser.parts)


def english_in(text: str, phrases: list[str]) -> list[str]:
    found = []
    for phrase in phrases:
        pattern = re.compile(r"(?<![\w-])" + re.escape(phrase) + r"(?![\w-])")
        if pattern.search(text):
            found.append(phrase)
            text = pattern.sub(" ", text)
    return found
