import datetime
import hashlib

import factory
from django.contrib.auth.models import Group, User
from django.utils import timezone

from ror_portal.roles import Role

PASSWORD = "correct-horse-battery-staple"


def sha256_of(field: str):
    """The SHA-256 of a file field's content, as publishing records it."""

    def digest(obj):
        file = getattr(obj, field)
        file.seek(0)
        value = hashlib.sha256(file.read()).hexdigest()
        file.seek(0)
        return value

    return factory.LazyAttribute(digest)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Kari"
    last_name = "Nordmann"
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.no")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def role(self, create, role: Role | None, **kwargs):
        if create and role:
            self.groups.add(Group.objects.get(name=role))
            if role == Role.ADMINISTRATOR:
                self.is_staff = True
                self.save(update_fields=["is_staff"])


class BoardMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reports.BoardMeeting"
        django_get_or_create = ["number"]

    number = "2024/M1"
    date = datetime.date(2024, 2, 14)
    place = "Molde"


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reports.Case"

    meeting = factory.SubFactory(BoardMeetingFactory)
    number = factory.Sequence(lambda n: f"2024/M1-{n + 1:03d}")
    title = "Sikkerhetspartner"
    handler = "Alfarnes, Kristin"
    kind = "decision"
    proposed_decision = "Samarbeidsrådet godkjenner saken."
    # A case the board sees; a draft is made with published_at=None.
    published_at = factory.LazyFunction(timezone.now)


class MonthlyReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reports.MonthlyReport"

    meeting = factory.SubFactory(BoardMeetingFactory)
    month = datetime.date(2024, 1, 1)
    as_of = datetime.date(2024, 2, 1)


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reports.Section"

    report = factory.SubFactory(MonthlyReportFactory)
    parent = None
    position = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Seksjon {n}")
    body = "Tekst i seksjonen."


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reports.Term"

    term = factory.Sequence(lambda n: f"Begrep {n}")
    definition = "Forklaring."


class ReportVersionFactory(factory.django.DjangoModelFactory):
    """A frozen version with small stand-in files, for tests of access, not rendering."""

    class Meta:
        model = "reports.ReportVersion"

    report = factory.SubFactory(MonthlyReportFactory)
    number = 1
    html = factory.django.FileField(filename="rapport.html", data=b"<p>Frosset innhold</p>")
    pdf = factory.django.FileField(filename="rapport.pdf", data=b"%PDF-1.7 frosset")
    html_sha256 = sha256_of("html")
    pdf_sha256 = sha256_of("pdf")
    block_data = factory.LazyFunction(
        lambda: {
            "3": {
                "block": "reports.glossary",
                "title": "Ordliste",
                "columns": ["Begrep"],
                "rows": [["AD"]],
                "csv": "Begrep\r\nAD\r\n",
            }
        }
    )
    published_by = factory.SubFactory(UserFactory)


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reports.Attachment"

    case = factory.SubFactory(CaseFactory)
    title = "Saksframlegg"
    file = factory.django.FileField(filename="saksframlegg.pdf", data=b"%PDF-1.7 vedlegg")


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "budget.BudgetLine"

    year = 2023
    kind = "operating"
    name = factory.Sequence(lambda n: f"Budsjettpost {n}")
    annual_budget = 1_200_000


def allocation_key(year: int, percents: dict[str, str], name: str | None = None):
    """A key of ``year`` with shares by municipality slug, e.g. {"molde": "47.10", …}."""
    from decimal import Decimal

    from budget.models import AllocationKey, AllocationShare
    from ror_portal.models import Municipality

    key = AllocationKey.objects.create(year=year, name=name or f"Fordelingsnøkkel {year}")
    for slug, percent in percents.items():
        AllocationShare.objects.create(
            key=key, municipality=Municipality.objects.get(slug=slug), percent=Decimal(percent)
        )
    return key


KEY_2024 = {
    "aukra": "8.09",
    "hustadvika": "19.72",
    "molde": "47.10",
    "rauma": "12.31",
    "vestnes": "12.78",
}


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "support.Category"
        django_get_or_create = ["name"]

    name = "Brukerstøtte"


class TicketFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "support.Ticket"

    number = factory.Sequence(lambda n: str(500_000 + n))
    kind = "incident"
    category = factory.SubFactory(CategoryFactory)
    municipality = factory.LazyFunction(
        lambda: __import__("ror_portal.models").models.Municipality.objects.get(slug="molde")
    )
    priority = "medium"
    subject = "Får ikke logget inn"
    created = factory.LazyFunction(
        lambda: datetime.datetime(2024, 1, 10, 8, 0, tzinfo=datetime.UTC)
    )
    resolved = None
    status = "Løst"


class DecisionFollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reports.DecisionFollowUp"

    case = factory.SubFactory(CaseFactory)
    month = datetime.date(2024, 2, 1)
    status = "in_progress"
    comment = "Avtalen er sendt til signering."


def correct_a_text(report, words: str = "Rettet etter møtet.") -> None:
    """A correction to the report's first section, so that its next version has something
    new for the board (a version that changes nothing is not published)."""
    section = report.sections.order_by("pk").first()
    section.body = f"{section.body} {words}".strip()
    section.save()
