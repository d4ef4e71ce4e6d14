"""The admin's JavaScript speaks Norwegian: our djangojs catalogue fills what
Django's Norwegian catalogue leaves out, and its compiled form is up to date."""

from pathlib import Path

import django
import polib
from django.test import Client
from django.urls import reverse

from tests.tools import PROJECT

PACKAGES = Path(django.__file__).parent.parent
OURS = PROJECT / "locale/nb/LC_MESSAGES/djangojs.po"
ADMIN_LOCALE = PACKAGES / "django/contrib/admin/locale"


def keys(po) -> set[tuple[str | None, str]]:
    return {(e.msgctxt, e.msgid) for e in po.translated_entries()}


def test_every_string_of_the_admins_javascript_is_norwegian():
    translated = keys(polib.pofile(str(ADMIN_LOCALE / "nb/LC_MESSAGES/djangojs.po")))
    translated |= keys(polib.pofile(str(OURS)))
    english = polib.pofile(str(ADMIN_LOCALE / "en/LC_MESSAGES/djangojs.po"))
    assert [e.msgid for e in english if (e.msgctxt, e.msgid) not in translated] == []


def test_our_catalogue_holds_only_strings_the_admin_uses():
    """Nothing here is left over from an older Django (makemessages does not see
    Django's JavaScript, so no tool would drop such an entry)."""
    english = keys_all(polib.pofile(str(ADMIN_LOCALE / "en/LC_MESSAGES/djangojs.po")))
    assert keys_all(polib.pofile(str(OURS))) - english == set()


def keys_all(po) -> set[tuple[str | None, str]]:
    return {(e.msgctxt, e.msgid) for e in po if e.msgid}


def test_the_compiled_catalogue_matches_the_po_file():
    po = polib.pofile(str(OURS))
    mo = polib.mofile(str(OURS.with_suffix(".mo")))
    assert {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in mo if e.msgid} == {
        (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in po.translated_entries()
    }


def test_the_admins_javascript_catalogue_serves_our_translations(admin_user):
    client = Client()
    client.force_login(admin_user)
    catalogue = client.get(reverse("admin:jsi18n")).content.decode()
    assert '"Choose all %s": "Velg alle %s"' in catalogue
    assert '"Monday": "mandag"' in catalogue
