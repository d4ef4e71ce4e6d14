"""What may be shown to the public (offentleglova), and what was: the legal bases the
administrators choose from, their markings of what is withheld, and the public edition
of every published version."""

from typing import cast

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from reports.models import Attachment, BoardMeeting, Case, Section
from ror_portal.blocks import get_block
from ror_portal.models import done_by
from ror_portal.withholding import unix_lines


class LegalBasis(models.Model):
    """A section of offentleglova a part may be withheld on (offl. § 31: a refusal
    names it). The administrators keep the list; a basis in use cannot be deleted."""

    label = models.CharField(
        _("legal basis"),
        max_length=100,
        unique=True,
        help_text=_(
            "As the public reads it after «Unntatt offentlighet», e.g. offl. § 24 tredje ledd."
        ),
    )
    explanation = models.TextField(
        _("what it covers"), blank=True, help_text=_("For the one who marks: when it applies.")
    )
    in_use = models.BooleanField(_("can be chosen"), default=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")
        ordering = ["position", "label"]

    def __str__(self) -> str:
        return self.label


class Withholding(models.Model):
    """A part of a report's section or of a case that the public edition leaves out,
    with its legal basis and the answer to whether more access can be given
    (merinnsyn, offl. § 11). Only the board's papers are marked: the board's own
    edition is never affected."""

    class Part(models.TextChoices):
        WHOLE = "whole", _("All of it")
        TEXT = "text", _("The text")
        BLOCK = "block", _("The data block")
        AFTER = "after", _("The text after the data block")
        PROPOSAL = "proposal", _("The proposed decision")
        DECISION = "decision", _("The decision")
        DOCUMENT = "document", _("A part of the case document")
        ATTACHMENT = "attachment", _("An attachment")

    SECTION_PARTS = (Part.WHOLE, Part.TEXT, Part.BLOCK, Part.AFTER)
    CASE_PARTS = (Part.WHOLE, Part.PROPOSAL, Part.DECISION, Part.DOCUMENT, Part.ATTACHMENT)
    TEXT_PARTS = (Part.TEXT, Part.AFTER, Part.PROPOSAL, Part.DECISION)

    section = models.ForeignKey(
        Section,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="withholdings",
        verbose_name=_("section"),
    )
    case = models.ForeignKey(
        Case,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="withholdings",
        verbose_name=_("case"),
    )
    part = models.CharField(_("what is withheld"), max_length=20, choices=Part.choices)
    document_part = models.CharField(_("part of the case document"), max_length=20, blank=True)
    attachment = models.ForeignKey(
        Attachment,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="withholdings",
        verbose_name=_("attachment"),
    )
    passage = models.TextField(
        _("only this passage"),
        blank=True,
        help_text=_(
            "For a text: copy the paragraph to withhold from it; empty withholds the whole "
            "text. If the text is changed so that the passage is gone, publishing stops "
            "until it is marked again."
        ),
    )
    basis = models.ForeignKey(
        LegalBasis, models.PROTECT, related_name="withholdings", verbose_name=_("legal basis")
    )
    more_access = models.BooleanField(
        _("can more access be given (merinnsyn, offl. § 11)?"),
        null=True,
        choices=[(True, _("Yes")), (False, _("No"))],
        help_text=_(
            "The law asks you to consider giving access even where it may be refused. "
            "Answer yes, and the part is not withheld."
        ),
    )
    reason = models.TextField(
        _("why"), blank=True, help_text=_("For the record: why the basis applies here.")
    )
    decided_by = done_by(_("marked by"))
    decided_at = models.DateTimeField(_("marked at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("withheld part")
        verbose_name_plural = _("withheld parts")
        ordering = ["case", "section", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(section__isnull=True, case__isnull=False)
                | Q(section__isnull=False, case__isnull=True),
                name="withholding_of_a_section_or_a_case",
            )
        ]

    def __str__(self) -> str:
        return f"{self.what}: {self.basis}"

    @property
    def key(self) -> str:
        """The part's key (ror_portal.withholding): what the templates ask for."""
        if self.section_id:
            base = f"section:{self.section_id}"
            return base if self.part == self.Part.WHOLE else f"{base}:{self.part}"
        base = f"case:{self.case_id}"
        if self.part == self.Part.WHOLE:
            return base
        if self.part == self.Part.DOCUMENT:
            return f"{base}:document:{self.document_part}"
        if self.part == self.Part.ATTACHMENT:
            return f"attachment:{self.attachment_id}"
        return f"{base}:{self.part}"

    @property
    def what(self) -> str:
        """What is withheld, as the confirmation, the public edition and the archive's
        metadata say it: by what the public may read of it, a case by its public title
        and an attachment by its place, never by a name that may hold what is withheld."""
        detail = self.get_part_display()
        if self.section:
            owner = f"{self.section.report}: {self.section.title}"
        else:
            case = cast(Case, self.case)  # one of the two, by the check constraint
            owner = f"{case.number} {case.title_for(public=True)}"
            if self.part == self.Part.ATTACHMENT:
                ids = list(case.attachments.values_list("pk", flat=True))
                detail = gettext("attachment %(number)s") % {
                    "number": ids.index(cast(int, self.attachment_id)) + 1
                }
            elif self.part == self.Part.DOCUMENT:
                block = get_block(case.document_block)
                titles = dict(block.parts) if block else {}
                detail = gettext("Part %(number)s of the case document, %(title)s") % {
                    "number": self.document_part,
                    "title": titles.get(self.document_part, "?"),
                }
        if self.part == self.Part.WHOLE:
            return owner
        if self.passage:
            detail = gettext("%(part)s, one passage") % {"part": detail}
        return f"{owner}: {detail}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.more_access is None:
            errors["more_access"] = gettext("Answer whether more access can be given (offl. § 11).")
        elif self.more_access:
            errors["more_access"] = gettext(
                "Where more access can be given, the part is not withheld: leave it unmarked."
            )
        parts = self.SECTION_PARTS if self.section_id else self.CASE_PARTS
        if self.part and self.part not in parts:
            errors["part"] = gettext("This cannot be withheld here.")
        if self.part == self.Part.DOCUMENT and not self.document_part:
            errors["document_part"] = gettext("Choose the part of the case document.")
        if self.part == self.Part.ATTACHMENT and (
            self.attachment is None or self.attachment.case_id != self.case_id
        ):
            errors["attachment"] = gettext("Choose one of the case's attachments.")
        if self.passage.strip() and self.part not in self.TEXT_PARTS:
            errors["passage"] = gettext("Only a text has passages; empty this field.")
        elif self.passage.strip() and not self._passage_found():
            errors["passage"] = gettext(
                "The text does not have this passage. Copy it from the text."
            )
        if errors:
            raise ValidationError(errors)

    def _passage_found(self) -> bool:
        field = {
            self.Part.TEXT: "body",
            self.Part.AFTER: "body_after_block",
            self.Part.PROPOSAL: "proposed_decision",
            self.Part.DECISION: "decision",
        }[self.Part(self.part)]
        owner = self.section if self.section_id else self.case
        return unix_lines(self.passage).strip() in unix_lines(getattr(owner, field, ""))


def public_edition_path(edition: "PublicEdition", filename: str) -> str:
    return f"public/{edition.kind}/{edition.slug}/v{edition.number}/{filename}"


class PublicEdition(models.Model):
    """The public edition of a published version (a report's, a case document's, the
    minutes') or of a meeting book: what the public and the archive's public copy get,
    frozen with it. Made in the publishing transaction, never changed after; a marking
    changed later takes effect in the next version."""

    class Kind(models.TextChoices):
        REPORT = "report", _("Monthly report")
        CASE_DOCUMENT = "case", _("Case document")
        MINUTES = "minutes", _("Minutes")
        MEETING_BOOK = "book", _("Meeting book")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    meeting = models.ForeignKey(
        BoardMeeting, models.PROTECT, related_name="public_editions", verbose_name=_("meeting")
    )
    content_type = models.ForeignKey(ContentType, models.PROTECT)
    object_id = models.PositiveIntegerField()
    version = GenericForeignKey("content_type", "object_id")
    # The document's name in its address: the report's month, the case's or meeting's number.
    slug = models.CharField(_("address"), max_length=40)
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("public title"), max_length=300)
    html = models.FileField(_("HTML"), upload_to=public_edition_path, blank=True)
    pdf = models.FileField(_("PDF"), upload_to=public_edition_path)
    html_sha256 = models.CharField(_("SHA-256 of the HTML"), max_length=64, blank=True)
    pdf_sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64)
    # [{"what": "…", "basis": "offl. § 24 tredje ledd"}]: what the edition leaves out.
    withheld = models.JSONField(_("withheld"), default=list)
    # The data blocks' figures the edition shows, by section number (its CSVs).
    figures = models.JSONField(_("figures"), default=dict)
    text = models.TextField(_("text"), blank=True)  # the public text, for the search
    published_at = models.DateTimeField(_("published at"))

    class Meta:
        verbose_name = _("public edition")
        verbose_name_plural = _("public editions")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="one_public_edition_per_version"
            ),
            models.UniqueConstraint(
                fields=["kind", "slug", "number"], name="one_public_edition_per_address"
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(title)s, version %(number)s") % {
            "title": self.title,
            "number": self.number,
        }

    def get_absolute_url(self) -> str:
        """Its page; a meeting book, which is a PDF only, is read as the PDF."""
        if not self.html:
            return self.pdf_url
        return reverse("publicaccess:edition", args=[self.kind, self.slug, self.number])

    @property
    def pdf_url(self) -> str:
        return reverse("publicaccess:edition_pdf", args=[self.kind, self.slug, self.number])

    @property
    def restricted(self) -> bool:
        return bool(self.withheld)
