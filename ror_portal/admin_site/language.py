"""The admin in Norwegian: the gender rule behind "Legg til ny/nytt …", and the
English strings of Django's admin and of django-axes that have no Norwegian
translation in the packages themselves.

Norwegian adjectives agree with the noun: masculine and feminine nouns take
"ny" (ny sak, ny kommune), neuter nouns "nytt" (nytt møte, nytt begrep). Django
builds "Add %s" with one translation for every model, so the admin's own add
phrases are wrong for every neuter model. The gender of each model's Norwegian
name is declared here, once; the admin templates ask this module for their
add labels (templates/admin/, ror_portal/templatetags/admin_language.py).
"""

from enum import StrEnum

from django.utils.translation import gettext_noop, ngettext_lazy, pgettext


class Gender(StrEnum):
    # Bokmål inflects masculine and feminine alike here ("ny"); only neuter differs.
    COMMON = "common"
    NEUTER = "neuter"


# The grammatical gender of each model's Norwegian verbose_name, by model label.
# A model shown in the admin (registered or inline) must be listed: a test fails
# otherwise, so a new model gets its "ny"/"nytt" decided when it is added.
GENDERS: dict[str, Gender] = {
    "auth.group": Gender.COMMON,  # gruppe
    "auth.user": Gender.COMMON,  # bruker
    "axes.accessattempt": Gender.NEUTER,  # innloggingsforsøk
    "axes.accesslog": Gender.COMMON,  # innlogging
    "axes.accessfailurelog": Gender.COMMON,  # mislykket innlogging
    "accounts.accountevent": Gender.COMMON,  # kontohendelse
    "ror_portal.municipality": Gender.COMMON,  # kommune
    "budget.budgetline": Gender.COMMON,  # budsjettpost
    "budget.monthlybudget": Gender.NEUTER,  # månedsbudsjett
    "budget.monthlyactual": Gender.NEUTER,  # månedsregnskap
    "budget.allocationkey": Gender.COMMON,  # fordelingsnøkkel
    "budget.allocationshare": Gender.COMMON,  # andel
    "budget.population": Gender.NEUTER,  # innbyggertall
    "budget.costitem": Gender.COMMON,  # kostnadspost
    "budget.ledgerformat": Gender.NEUTER,  # hovedbokformat
    "budget.ledgerrule": Gender.COMMON,  # fordelingsregel for hovedboken
    "budget.ledgerimport": Gender.COMMON,  # hovedbokimport
    "support.ticket": Gender.COMMON,  # sak
    "jobs.job": Gender.COMMON,  # jobb
    "support.category": Gender.COMMON,  # kategori
    "support.slatarget": Gender.NEUTER,  # SLA-mål
    "support.ticketimport": Gender.COMMON,  # saksimport
    "projects.buildingproject": Gender.NEUTER,  # byggeprosjekt
    "projects.statusupdate": Gender.COMMON,  # statusoppdatering
    "security.securityagreement": Gender.COMMON,  # sikkerhetsavtale
    "security.pricetier": Gender.NEUTER,  # prisnivå
    "security.servercount": Gender.NEUTER,  # antall servere
    "reports.boardmeeting": Gender.NEUTER,  # møte i samarbeidsrådet
    "reports.case": Gender.COMMON,  # sak
    "reports.attachment": Gender.NEUTER,  # vedlegg
    "reports.decisionfollowup": Gender.COMMON,  # vedtaksoppfølging
    "reports.section": Gender.COMMON,  # seksjon
    "reports.monthlyreport": Gender.COMMON,  # månedsrapport
    "meetings.boardmember": Gender.NEUTER,  # medlem av samarbeidsrådet
    "meetings.meetingnotice": Gender.COMMON,  # innkalling
    "meetings.attendance": Gender.NEUTER,  # oppmøte
    "meetings.minutesversion": Gender.COMMON,  # protokoll
    "meetings.meetingbook": Gender.COMMON,  # møtebok
    "meetings.calendarfeed": Gender.COMMON,  # kalenderadresse
    "publicaccess.legalbasis": Gender.COMMON,  # hjemmel
    "publicaccess.withholding": Gender.COMMON,  # unntatt del
    "publicaccess.publicedition": Gender.COMMON,  # offentlig utgave
    "reports.reportversion": Gender.COMMON,  # publisert versjon
    "reports.term": Gender.NEUTER,  # begrep
    "reports.restatement": Gender.NEUTER,  # endret publisert tall
}


def gender_of(opts) -> Gender:
    """The gender of a model's Norwegian name (``opts`` is its _meta)."""
    # An unlisted model still gets a label; the test of GENDERS names it.
    return GENDERS.get(opts.label_lower, Gender.COMMON)


def add_label(opts, verbose_name: str | None = None) -> str:
    """ "Legg til ny sak" / "Legg til nytt møte": the add button and the add form's title."""
    name = verbose_name if verbose_name is not None else opts.verbose_name
    if gender_of(opts) is Gender.NEUTER:
        return pgettext("neuter noun", "Add %(name)s") % {"name": name}
    return pgettext("masculine or feminine noun", "Add %(name)s") % {"name": name}


def add_another_label(opts, verbose_name: str | None = None) -> str:
    """ "Legg til ny sak" / "Legg til nytt vedlegg": an inline's link for one more row."""
    name = verbose_name if verbose_name is not None else opts.verbose_name
    if gender_of(opts) is Gender.NEUTER:
        return pgettext("neuter noun", "Add another %(name)s") % {"name": name}
    return pgettext("masculine or feminine noun", "Add another %(name)s") % {"name": name}


def save_and_add_another_label(opts) -> str:
    """ "Lagre og legg til ny" / "Lagre og legg til nytt": the add form's button."""
    if gender_of(opts) is Gender.NEUTER:
        return pgettext("neuter noun", "Save and add another")
    return pgettext("masculine or feminine noun", "Save and add another")


# Strings of Django's admin and auth (5.2) and of django-axes that their packages
# do not translate to Norwegian. Listing them here puts them in our catalogue
# (makemessages finds them), and our catalogue is read before the packages'.
PACKAGE_STRINGS = [
    # django.contrib.admin
    gettext_noop("Skip to main content"),
    gettext_noop("Breadcrumbs"),
    gettext_noop("Sidebar"),
    gettext_noop("Start typing to filter…"),
    gettext_noop("Filter navigation items"),
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("Hide counts"),
    gettext_noop("Show counts"),
    gettext_noop("Toggle theme (current theme: auto)"),
    gettext_noop("Toggle theme (current theme: light)"),
    gettext_noop("Toggle theme (current theme: dark)"),
    gettext_noop("Select all objects on this page for an action"),
    gettext_noop("Select this object for an action - {}"),
    gettext_noop("View selected %(model)s"),
    gettext_noop("Added:"),
    gettext_noop("Changed:"),
    gettext_noop("Deleted:"),
    gettext_noop("Error:"),
    gettext_noop("Forgotten your login credentials?"),
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),  # noqa: RUF001 (Django's msgid)
    gettext_noop("Set password"),
    gettext_noop(
        "This action will <strong>enable</strong> password-based authentication for this user."
    ),
    gettext_noop("Disable password-based authentication"),
    gettext_noop("Enable password-based authentication"),
    gettext_noop("Thanks for spending some quality time with the web site today."),
    gettext_noop("In case you’ve forgotten, you are:"),  # noqa: RUF001 (Django's msgid)
    # Django's Norwegian says "legg til ny …", wrong for neuter nouns; these say
    # it without the adjective where the admin builds the phrase in Python.
    gettext_noop("Add %s"),
    gettext_noop("Add another %(model)s"),
    gettext_noop("Add another %(verbose_name)s"),
    gettext_noop("The {name} “{obj}” was added successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may add another {name} below."),
    # django.contrib.auth
    gettext_noop("Conflicting form data submitted. Please try again."),
    gettext_noop("Password-based authentication was disabled."),
    gettext_noop("Set password: %s"),
    gettext_noop("Reset password"),
    gettext_noop(
        "Whether the user will be able to authenticate using a password or not. If "
        "disabled, they may still be able to authenticate using other backends, such as "
        "Single Sign-On or LDAP."
    ),
    gettext_noop("Password-based authentication"),
    gettext_noop("Enabled"),
    gettext_noop("Disabled"),
    gettext_noop("Raw passwords are not stored, so there is no way to see the user’s password."),  # noqa: RUF001 (Django's msgid)
    gettext_noop("Enable password-based authentication for this user by setting a password."),
    # The admin's error note: Django's Norwegian has the two forms as two strings, not
    # as one plural, so the change form's {% blocktranslate count %} stayed English.
    ngettext_lazy("Please correct the error below.", "Please correct the errors below.", "n"),
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "min_length",
    ),
    gettext_noop(
        "Enter a valid username. This value may contain only unaccented lowercase a-z and "
        "uppercase A-Z letters, numbers, and @/./+/-/_ characters."
    ),
    # django-simple-history
    gettext_noop("Or press the 'Change History' button to edit the history."),
    # django-axes (models and admin)
    gettext_noop("User Agent"),
    gettext_noop("IP Address"),
    gettext_noop("Username"),
    gettext_noop("HTTP Accept"),
    gettext_noop("Path"),
    gettext_noop("Attempt Time"),
    gettext_noop("Access lock out"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("GET Data"),
    gettext_noop("POST Data"),
    gettext_noop("Failed Logins"),
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("Access Attempt"),
    gettext_noop("Expires At"),
    gettext_noop("The time when access attempt expires and is no longer valid."),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("Logout Time"),
    gettext_noop("Session key hash (sha256)"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("Locked Out"),
    gettext_noop("Form Data"),
    gettext_noop("Meta Data"),
    gettext_noop("Clean up expired attempts"),
    gettext_noop("Not set"),
    gettext_noop("Attempt Remaining"),
    gettext_noop("Account locked: too many login attempts. Please try again later."),
    gettext_noop(
        "Account locked: too many login attempts. Contact an admin to unlock your account."
    ),
]
