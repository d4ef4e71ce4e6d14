"""Marking in the admin: the parts of a section or a case withheld from the public
edition, each with its legal basis and the merinnsyn answer, made from a link on the
section's or the case's own page; the list of every marking; the legal bases; and on
every publish confirmation, what the public edition will leave out."""

from django import forms
from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

# The public editions' admin and the archive package's download register there.
from publicaccess import admin_archive  # noqa: F401
from publicaccess.marking import MARKINGS_OF_KIND, withheld_items
from publicaccess.models import LegalBasis, Withholding
from reports.admin_publishing import PUBLISH_CONFIRMATIONS
from reports.models import Case, Section
from ror_portal.blocks import get_block


class WithholdingForm(forms.ModelForm):
    """The form for one section's or one case's marking (``owner``): only the parts it
    has to choose from."""

    owner: Section | Case

    class Meta:
        model = Withholding
        fields = [
            "section", "case", "part", "document_part", "attachment", "passage", "basis",
            "more_access", "reason",
        ]  # fmt: skip
        widgets = {
            "section": forms.HiddenInput,
            "case": forms.HiddenInput,
            "more_access": forms.RadioSelect,
            "passage": forms.Textarea(attrs={"rows": 4}),
            "reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["basis"].queryset = LegalBasis.objects.filter(in_use=True)
        self.fields["more_access"].required = True
        if isinstance(self.owner, Section):
            self.fields["part"].choices = _choices(Withholding.SECTION_PARTS)
            return
        self.fields["part"].choices = _choices(Withholding.CASE_PARTS)
        block = get_block(self.owner.document_block) if self.owner.document_block else None
        parts = [(key, f"{key} {title}") for key, title in (block.parts if block else ())]
        self.fields["document_part"] = forms.ChoiceField(
            label=Withholding._meta.get_field("document_part").verbose_name,
            required=False,
            choices=[("", "---------"), *parts],
        )
        self.fields["attachment"].queryset = self.owner.attachments.all()

    def clean(self):
        # The owner is the one the page was opened for, whatever the hidden field says.
        cleaned = super().clean()
        if isinstance(self.owner, Section):
            self.instance.section = self.owner
        else:
            self.instance.case = self.owner
        return cleaned


def _choices(parts) -> list[tuple[str, str]]:
    return [("", "---------"), *[(part.value, part.label) for part in parts]]


@admin.register(Withholding)
class WithholdingAdmin(SimpleHistoryAdmin):
    """Every marking in one list: who decided what is withheld, on which basis, and
    that more access was considered. A marking is made from its section's or case's
    page (the link «Unntatt offentlighet»), which this page goes back to."""

    form = WithholdingForm
    readonly_fields = ["decided_by", "decided_at"]
    list_display = ["__str__", "basis", "more_access", "decided_by", "decided_at"]
    list_filter = ["basis"]
    list_select_related = ["basis", "section", "case", "attachment", "decided_by"]
    search_fields = ["section__title", "case__number", "case__title", "passage", "reason"]

    def owner(self, request, obj=None) -> Section | Case | None:
        if obj is not None:
            return obj.section or obj.case
        source = request.POST if request.method == "POST" else request.GET
        for model, name in ((Section, "section"), (Case, "case")):
            pk = source.get(name, "")
            if pk.isdigit():
                return model.objects.filter(pk=pk).first()
        return None

    def add_view(self, request, form_url="", extra_context=None):
        if self.owner(request) is None:
            self.message_user(
                request,
                _("Mark a part from its section's or case's page: «Withheld from public access»."),
            )
            return HttpResponseRedirect(reverse("admin:publicaccess_withholding_changelist"))
        return super().add_view(request, form_url, extra_context)

    def get_fields(self, request, obj=None) -> list[str]:
        shared = ["part", "passage", "basis", "more_access", "reason"]
        if isinstance(self.owner(request, obj), Section):
            fields = ["section", *shared]
        else:
            fields = ["case", "part", "document_part", "attachment", *shared[1:]]
        return [*fields, *(self.readonly_fields if obj else [])]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type("WithholdingFormFor", (form,), {"owner": self.owner(request, obj)})

    def save_model(self, request, obj, form, change) -> None:
        obj.decided_by = request.user
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        return self._back_to_owner(request, obj) or super().response_add(request, obj)

    def response_change(self, request, obj):
        return self._back_to_owner(request, obj) or super().response_change(request, obj)

    def _back_to_owner(self, request, obj: Withholding):
        if "_continue" in request.POST or "_addanother" in request.POST:
            return None
        self.message_user(request, _("The marking is saved: %(what)s.") % {"what": obj})
        owner = obj.section or obj.case
        info = owner._meta.label_lower.replace(".", "_")
        return HttpResponseRedirect(reverse(f"admin:{info}_change", args=[owner.pk]))


@admin.register(LegalBasis)
class LegalBasisAdmin(SimpleHistoryAdmin):
    list_display = ["label", "in_use", "position"]
    list_editable = ["in_use", "position"]
    search_fields = ["label", "explanation"]


def _withheld_from_public(kind, document) -> dict:
    markings = MARKINGS_OF_KIND.get(kind.name)
    return {"withheld_from_public": withheld_items(markings(document))} if markings else {}


def attach() -> None:
    """What the public edition leaves out, on reports' publish confirmations."""
    PUBLISH_CONFIRMATIONS.append(_withheld_from_public)
