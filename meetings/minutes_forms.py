"""The form an administrator records the minutes with: one page, one form, saved all
or nothing. A row for each member and deputy serving on the meeting's day (who came),
and a row for each case (what was decided)."""

from itertools import groupby

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meetings.minutes import proposed_or_decided
from meetings.models import Attendance, BoardMember
from reports.models import BoardMeeting, Case
from ror_portal.collation import norwegian


class AttendanceForm(forms.Form):
    """Who one member or deputy was at the meeting: present, absent (with a reason), or
    a deputy present for a member of the same municipality."""

    status = forms.ChoiceField(label=gettext_lazy("Attendance"), choices=Attendance.Status.choices)
    reason = forms.CharField(
        label=gettext_lazy("Reason for absence"), max_length=200, required=False
    )

    def __init__(self, *args, member: BoardMember, members: list[BoardMember], **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member
        if member.role == BoardMember.Role.DEPUTY:
            self.fields["deputy_for"] = forms.ModelChoiceField(
                label=gettext_lazy("Meets for"),
                queryset=BoardMember.objects.filter(
                    pk__in=[
                        m.pk
                        for m in members
                        if m.municipality_id == member.municipality_id
                        and m.role == BoardMember.Role.MEMBER
                    ]
                ),
                required=False,
                empty_label=gettext_lazy("(nobody)"),
                help_text=gettext_lazy("Only for a deputy who is present."),
            )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == Attendance.Status.PRESENT and cleaned.get("reason"):
            self.add_error("reason", _("A reason is given only for an absence."))
        row = Attendance(
            member=self.member, status=cleaned.get("status"), deputy_for=cleaned.get("deputy_for")
        )
        try:
            row.clean()  # the model's own rules: only a present deputy meets for someone
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned


class DecisionForm(forms.ModelForm):
    """A case's decision as the minutes record it: it starts as the proposal."""

    class Meta:
        model = Case
        fields = ["decision", "decision_remarks", "responsible", "deadline"]
        widgets = {
            "decision": forms.Textarea(attrs={"rows": 4, "cols": 70}),
            "decision_remarks": forms.Textarea(attrs={"rows": 2, "cols": 70}),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, instance: Case, **kwargs):
        # Before cleaning sets the new values on the case: saved only if they differ.
        self.recorded = model_to_dict(instance, fields=self._meta.fields)
        super().__init__(*args, instance=instance, **kwargs)
        self.initial["decision"] = proposed_or_decided(instance)
        self.fields["decision"].help_text = gettext_lazy(
            "Markdown. It starts as the proposed decision."
        )

    @property
    def changes_the_case(self) -> bool:
        return any(self.cleaned_data[name] != value for name, value in self.recorded.items())


class MinutesForm:
    """The attendance and decision forms of one meeting, valid and saved together."""

    def __init__(self, meeting: BoardMeeting, data=None):
        self.meeting = meeting
        members = list(
            BoardMember.objects.serving_on(meeting.date)
            .select_related("municipality")
            .order_by(norwegian("municipality__name"), "-role", norwegian("name"))  # members first
        )
        saved = {row.member_id: row for row in meeting.attendance.all()}
        self.attendance = [
            AttendanceForm(
                data,
                prefix=f"member-{member.pk}",
                member=member,
                members=members,
                initial=_attendance_initial(member, saved.get(member.pk)),
            )
            for member in members
        ]
        self.decisions = [
            DecisionForm(data, prefix=f"case-{case.pk}", instance=case)
            for case in meeting.cases.order_by("number")
        ]

    @property
    def municipalities(self) -> list[tuple[object, list[AttendanceForm]]]:
        """The attendance rows by municipality, members before deputies."""
        return [
            (municipality, list(forms_))
            for municipality, forms_ in groupby(self.attendance, lambda f: f.member.municipality)
        ]

    def is_valid(self) -> bool:
        valid = all([form.is_valid() for form in [*self.attendance, *self.decisions]])
        self._check_deputies()  # on every row, so that one page shows every error
        return valid and not any(form.errors for form in self.attendance)

    def _check_deputies(self) -> None:
        """A member who is present needs no deputy, and a member has one deputy at most."""
        status = {f.member.pk: f.cleaned_data.get("status") for f in self.attendance}
        met_for: set[int] = set()
        for form in self.attendance:
            member = form.cleaned_data.get("deputy_for")
            if member is None:
                continue
            if status.get(member.pk) == Attendance.Status.PRESENT:
                form.add_error(
                    "deputy_for",
                    _("%(member)s is present: no deputy meets for them.") % {"member": member.name},
                )
            elif member.pk in met_for:
                form.add_error(
                    "deputy_for",
                    _("Another deputy meets for %(member)s already.") % {"member": member.name},
                )
            met_for.add(member.pk)

    @transaction.atomic
    def save(self, *, user) -> None:
        for form in self.attendance:
            data = form.cleaned_data
            Attendance.objects.update_or_create(
                meeting=self.meeting,
                member=form.member,
                defaults={
                    "status": data["status"],
                    "reason": data["reason"] if data["status"] == Attendance.Status.ABSENT else "",
                    "deputy_for": data.get("deputy_for"),
                },
            )
        for form in filter(lambda form: form.changes_the_case, self.decisions):
            case = form.instance  # the form's cleaning has set the values on it
            # The case's history says who recorded the decision.
            case._history_user = user  # type: ignore[attr-defined]
            case._change_reason = _("Recorded in the minutes")  # type: ignore[attr-defined]
            case.save(update_fields=list(DecisionForm.Meta.fields))


def _attendance_initial(member: BoardMember, saved: Attendance | None) -> dict:
    """What was saved; new rows: members present, deputies absent (not called)."""
    if saved is not None:
        return {"status": saved.status, "reason": saved.reason, "deputy_for": saved.deputy_for_id}
    deputy = member.role == BoardMember.Role.DEPUTY
    return {"status": Attendance.Status.ABSENT if deputy else Attendance.Status.PRESENT}
