"""The admin as an administrator sees it is Norwegian: no English string of
Django's admin, Django's auth, django-axes or django-simple-history is left on
any page, and "Legg til ny/nytt …" agrees with the noun."""

import difflib
import json
import re

import polib
import pytest
from django.contrib import admin
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from ror_portal.admin_site.language import GENDERS
from ror_portal.roles import Role
from tests.factories import UserFactory
from tests.ror_portal.untranslated import PACKAGES, english_in, english_phrases, visible_text
from tests.tools import PROJECT


@pytest.fixture(scope="module")
def _module_data(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo is loaded once for the module (it publishes a report: seconds), in a
    transaction rolled back after the module's last test; each test runs in a
    savepoint inside it, as with the ``db`` fixture. Its stored files go to a folder of
    the module's."""
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    with media, django_db_blocker.unblock(), transaction.atomic():
        yield _load_everything(get_user_model())
        transaction.set_rollback(True)


@pytest.fixture
def everything(_module_data, db):
    return _module_data


def _load_everything(django_user_model):
    """The demo, plus one of each record only a running portal makes: login
    lockouts, admin log entries and changes in the history."""
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    login = {"username": "kari", "ip_address": "10.0.0.1", "user_agent": "Firefox"}
    login |= {"http_accept": "*/*", "path_info": "/logg-inn/"}
    AccessAttempt.objects.create(**login, get_data="", post_data="", failures_since_start=2)
    AccessLog.objects.create(**login)
    AccessFailureLog.objects.create(**login, locked_out=True)
    from reports.models import Term

    term = Term.objects.order_by("pk").first()
    term.definition += " Endret."
    term.save()
    user = django_user_model.objects.get(username="admin")
    LogEntry.objects.log_actions(
        user_id=user.pk,
        queryset=[user],
        action_flag=CHANGE,
        change_message="[]",
        single_object=True,
    )
    superuser = UserFactory(username="rot", is_superuser=True, is_staff=True)
    administrator = UserFactory(username="adm", role=Role.ADMINISTRATOR)
    return {"superuser": superuser, "administrator": administrator}


def admin_pages(user) -> list[str]:
    """Every page of the admin for one of each model: index, app index, change
    list (with its filters, and with counts shown), add, change, history (and a
    history record), delete, the models' own views, and the password pages."""
    urls = [reverse("admin:index"), reverse("admin:password_change")]
    urls.append(reverse("admin:auth_user_password_change", args=[user.pk]))
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        urls.append(reverse("admin:app_list", args=[opts.app_label]))
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        urls += [changelist, changelist + "?_facets=True", changelist + "?_popup=1"]
        obj = model._default_manager.order_by("pk").first()
        for pattern in model_admin.get_urls():
            if not getattr(pattern, "name", None):
                continue
            for args in ([], [obj.pk] if obj else None):
                try:
                    urls.append(reverse(f"admin:{pattern.name}", args=args))
                    break
                except (NoReverseMatch, TypeError):
                    pass
        if obj is not None and hasattr(obj, "history"):
            record = obj.history.order_by("history_id").first()
            if record is not None:
                name = f"admin:{opts.app_label}_{opts.model_name}_simple_history"
                urls.append(reverse(name, args=[obj.pk, record.pk]))
    return list(dict.fromkeys(urls))


@pytest.mark.parametrize("who", ["superuser", "administrator"])
def test_no_english_is_left_on_any_admin_page(client, everything, who):
    phrases = english_phrases()
    client.force_login(everything[who])
    english: dict[str, list[str]] = {}
    visited = 0
    for url in admin_pages(everything[who]):
        response = client.get(url)
        if response.status_code != 200 or "html" not in response["Content-Type"]:
            continue
        visited += 1
        for phrase in english_in(visible_text(response.content.decode()), phrases):
            english.setdefault(phrase, []).append(url)
    assert visited > 100
    assert english == {}


def test_every_admin_page_loads_the_admins_own_styles(client, everything):
    """static/css/admin.css (the breadcrumbs' underline, WCAG 1.4.1) is the one place
    for styles of the whole admin, so every page must load it."""
    client.force_login(everything["administrator"])
    checked, without = 0, []
    for url in admin_pages(everything["administrator"]):
        html = client.get(url).content.decode()
        # the admin's password change is the portal's own page (templates/registration/)
        if "/static/admin/css/base.css" in html:
            checked += 1
            if "/static/css/admin.css" not in html:
                without.append(url)
    assert checked > 100
    assert without == []


def test_the_english_finder_finds_english():
    """The check above cannot pass by looking at nothing."""
    html = (
        '<p>Vis antall</p><input type="search" placeholder="Start typing to filter…">'
        "<span>12 entries</span><th>Attempt Time</th><textarea>Show counts</textarea>"
    )
    found = english_in(visible_text(html), english_phrases())
    assert sorted(found) == ["Attempt Time", "Start typing to filter…", "entries"]


ADD_LABELS = [
    # model, the change list's add button, the "save and add another" button
    ("reports.boardmeeting", "Legg til nytt møte i samarbeidsrådet", "Lagre og legg til nytt"),
    ("projects.buildingproject", "Legg til nytt byggeprosjekt", "Lagre og legg til nytt"),
    ("reports.term", "Legg til nytt begrep", "Lagre og legg til nytt"),
    ("reports.case", "Legg til ny sak", "Lagre og legg til ny"),
    ("support.category", "Legg til ny kategori", "Lagre og legg til ny"),
]


@pytest.mark.parametrize(("label", "add", "save_and_add"), ADD_LABELS)
def test_add_labels_agree_with_the_noun(client, everything, label, add, save_and_add):
    client.force_login(everything["administrator"])
    app_label, model_name = label.split(".")
    changelist = client.get(reverse(f"admin:{app_label}_{model_name}_changelist"))
    assert re.findall(r'class="addlink">\s*([^<]+?)\s*<', changelist.content.decode()) == [add]
    page = client.get(reverse(f"admin:{app_label}_{model_name}_add")).content.decode()
    assert re.search(r"<title>(.*?) \|", page).group(1) == add
    assert re.search(r"<h1>(.*?)</h1>", page).group(1) == add
    assert re.search(r"&rsaquo; ([^<&]+)\n</div>", page).group(1) == add
    assert re.findall(r'value="([^"]+)" name="_addanother"', page) == [save_and_add]


def test_an_inline_adds_a_row_in_the_right_gender(client, everything):
    from reports.models import Case

    client.force_login(everything["administrator"])
    case = Case.objects.order_by("pk").first()
    page = client.get(reverse("admin:reports_case_change", args=[case.pk])).content.decode()
    texts = sorted(
        json.loads(raw.replace("&quot;", '"'))["options"]["addText"]
        for raw in re.findall(r'data-inline-formset="([^"]+)"', page)
    )
    assert texts == ["Legg til ny vedtaksoppfølging", "Legg til nytt vedlegg"]


def test_every_model_in_the_admin_has_its_gender_declared():
    shown = set()
    for model, model_admin in admin.site._registry.items():
        shown.add(model._meta.label_lower)
        shown.update(inline.model._meta.label_lower for inline in model_admin.inlines)
    assert shown - set(GENDERS) == set()


def test_every_string_of_djangos_admin_and_auth_is_norwegian():
    """Django's Norwegian catalogue or ours translates every string, so a string a
    new Django adds fails here before an administrator sees it in English. A plural
    string (``{% blocktranslate count %}``) needs a plural translation: a translation
    of its singular alone is not looked up."""

    def keys(catalogue):
        return {(e.msgctxt, e.msgid, bool(e.msgid_plural)) for e in catalogue}

    ours = polib.pofile(str(PROJECT / "locale/nb/LC_MESSAGES/django.po"))
    translated = keys(ours.translated_entries())
    for app in ("admin", "auth"):
        nb = polib.pofile(str(PACKAGES / f"django/contrib/{app}/locale/nb/LC_MESSAGES/django.po"))
        translated |= keys(nb.translated_entries())
    missing = []
    for app in ("admin", "auth"):
        en = polib.pofile(str(PACKAGES / f"django/contrib/{app}/locale/en/LC_MESSAGES/django.po"))
        missing += [msgid for (_ctx, msgid, _plural) in keys(en) - translated]
    assert sorted(missing) == []


@pytest.mark.parametrize(
    ("ours", "theirs", "changed"),
    [
        ("templates/admin/edit_inline/tabular.html", "django/contrib/admin", 5),
        ("templates/admin/edit_inline/stacked.html", "django/contrib/admin", 1),
        ("templates/admin/submit_line.html", "django/contrib/admin", 2),
        ("templates/admin/search_form.html", "django/contrib/admin", 1),
        ("templates/simple_history/object_history_list.html", "simple_history", 3),
    ],
)
def test_copied_templates_stay_in_step_with_the_packages(ours, theirs, changed):
    """Our copies differ from the package's template only in the lines we changed
    (and a first line that says so), so an upgrade that changes the original shows here."""
    original = (PACKAGES / theirs / ours).read_text().splitlines()
    copy = (PROJECT / ours).read_text().splitlines()
    diff = list(difflib.unified_diff(original, copy, lineterm="", n=0))
    replaced = [line for line in diff if line.startswith("-") and not line.startswith("---")]
    assert len(replaced) == changed, "\n".join(diff)


def test_permissions_are_named_in_norwegian(everything):
    from reports.models import Case

    permission = Permission.objects.get(
        codename="add_case", content_type=ContentType.objects.get_for_model(Case)
    )
    assert str(permission) == "Rapporter | sak | Kan legge til sak"


def test_deleting_a_user_names_the_group_link_in_norwegian(client, everything):
    client.force_login(everything["administrator"])
    user = everything["administrator"].__class__.objects.get(username="okonomi")
    page = visible_text(
        client.get(reverse("admin:auth_user_delete", args=[user.pk])).content.decode()
    )
    assert "Kobling mellom bruker og gruppe: okonomi – Økonomi" in page
    assert Group.objects.filter(name="Økonomi").exists()


def test_axes_is_norwegian(client, everything):
    from axes.models import AccessAttempt

    client.force_login(everything["administrator"])
    index = visible_text(client.get(reverse("admin:index")).content.decode())
    assert "Innloggingssperre" in index
    attempt = AccessAttempt.objects.get()
    assert str(attempt).startswith("Innloggingsforsøk av kari, ")
    response = client.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "cleanup_expired_attempts", "_selected_action": [attempt.pk]},
        follow=True,
    )
    assert "Fjernet 0 utløpte innloggingsforsøk." in visible_text(response.content.decode())


def test_the_history_shows_fields_by_label_and_values_in_norwegian(client, everything):
    from reports.models import Term

    client.force_login(everything["administrator"])
    term = Term.objects.order_by("pk").first()
    page = visible_text(
        client.get(reverse("admin:reports_term_history", args=[term.pk])).content.decode()
    )
    assert "Forklaring:" in page
    assert " tegn]" in page
    assert "None" not in page.split()
    assert timezone.localdate().strftime("%d.%m.%Y") in page


def test_the_change_forms_error_note_is_norwegian(client, everything):
    client.force_login(everything["superuser"])
    response = client.post(reverse("admin:reports_term_add"), {})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Rett feilene nedenfor." in html or "Rett feilen nedenfor." in html
    assert "Please correct" not in html


def test_the_admins_change_links_say_endre_and_the_changes_tables_endring(client, everything):
    """The word "Change" is a verb in the admin (Django's "Endre") and a noun heading the
    version comparison's column: ours, with its context, must not take the admin's links."""
    client.force_login(everything["superuser"])
    html = client.get(reverse("admin:index")).content.decode()
    assert "Endre</a>" in html and "Endring</a>" not in html
    from django.utils.translation import override, pgettext

    with override("nb"):
        assert pgettext("a difference between two figures", "Change") == "Endring"
