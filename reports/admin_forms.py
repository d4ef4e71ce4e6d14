"""The forms of the reports' admin pages."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reports.models import BoardMeeting, Case, DecisionFollowUp, MonthlyReport, Section
from reports.next_month import suggested_meeting_number
from ror_portal.blocks import registered_blocks
from ror_portal.dates import add_months
from ror_portal.formatting import format_date
from ror_portal.forms import DateField


def block_choices():
    return [("", gettext_lazy("– none –"))] + [
        (block.name, f"{block.title} ({block.name})") for block in registered_blocks()
    ]


class AttachmentForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django's own words count the name as it cut it (255), not as it was typed.
        file = self.fields["file"]
        file.error_messages["max_length"] = _(
            "The file name is too long: at most %(limit)s characters."
        ) % {"limit": file.max_length}


class DecisionFollowUpForm(forms.ModelForm):
    class Meta:
        model = DecisionFollowUp
        fields = ["month", "status", "comment"]
        widgets = {"comment": forms.Textarea(attrs={"rows": 2, "cols": 60})}

    def clean_month(self):
        # The formset looks for two rows of one month before the model normalises the day,
        # so the 1st and the 15th would pass it and fail in the database.
        return self.cleaned_data["month"].replace(day=1)


class CaseForm(forms.ModelForm):
    document_block = forms.ChoiceField(
        label=gettext_lazy("case document"), required=False, choices=block_choices
    )

    class Meta:
        model = Case
        fields = ["meeting", "number", "title", "public_title", "handler", "kind", "standing",
                  "subject",
                  "minutes_of", "proposed_decision", "decision", "decision_remarks",
                  "responsible", "deadline", "document_block"]  # fmt: skip


class SectionForm(forms.ModelForm):
    block = forms.ChoiceField(
        label=gettext_lazy("data block"), required=False, choices=block_choices
    )

    class Meta:
        model = Section
        fields = ["report", "parent", "title", "body", "block", "body_after_block"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        report_id = self.instance.report_id or self.initial.get("report")
        if report_id:
            self.fields["parent"].queryset = Section.objects.filter(report_id=report_id)
        if self.instance.pk:
            self.fields["report"].disabled = True


MEETING_REQUIRED = gettext_lazy("Choose the meeting the report is presented to.")


class MonthlyReportForm(forms.ModelForm):
    class Meta:
        model = MonthlyReport
        fields = ["meeting", "month", "as_of"]
        error_messages = {"meeting": {"required": MEETING_REQUIRED}}


class StartNextMonthForm(forms.Form):
    """The month after the latest report: its meeting (picked, or typed in as a new one)
    and the date its figures stand at."""

    meeting = forms.ModelChoiceField(
        label=gettext_lazy("meeting"),
        queryset=BoardMeeting.objects.none(),
        required=False,
        empty_label=gettext_lazy("– a new meeting (fill in below) –"),
    )
    number = forms.CharField(
        label=gettext_lazy("number of the new meeting"),
        required=False,
        max_length=20,
        help_text=gettext_lazy("For example 2024/M2."),
    )
    date = DateField(
        label=gettext_lazy("date of the new meeting"),
        required=False,
        help_text=gettext_lazy("For example 13.03.2024."),
        widget=forms.DateInput(format="%d.%m.%Y", attrs={"autocomplete": "off"}),
    )
    starts_at = forms.TimeField(
        label=gettext_lazy("time of the new meeting"),
        required=False,
        help_text=gettext_lazy("For example 09:00."),
        widget=forms.TimeInput(format="%H:%M", attrs={"autocomplete": "off"}),
    )
    place = forms.CharField(label=gettext_lazy("place of the new meeting"), required=False)
    as_of = DateField(
        label=gettext_lazy("figures as of"),
        help_text=gettext_lazy("Tall per: the date the report's figures stand at."),
        widget=forms.DateInput(format="%d.%m.%Y", attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, month, **kwargs):
        super().__init__(*args, **kwargs)
        self.month = month
        # A report is presented after its month, and last month's meeting has its report:
        # neither is offered.
        self.fields["meeting"].queryset = BoardMeeting.objects.filter(
            date__gte=month, reports__isnull=True
        ).order_by("date")
        last_meeting = BoardMeeting.objects.order_by("-date").first()
        self.initial.setdefault("number", suggested_meeting_number(month))
        self.initial.setdefault("place", last_meeting.place if last_meeting else "")
        self.initial.setdefault("starts_at", last_meeting.starts_at if last_meeting else None)
        self.initial.setdefault("as_of", add_months(month, 1))

    def clean(self):
        data = super().clean()
        if data.get("meeting"):
            data["chosen_meeting"] = data["meeting"]
            self._check_as_of(data)
            return data
        for name in ("number", "date"):
            if not data.get(name) and name not in self.errors:
                self.add_error(
                    name,
                    _("Fill in the %(field)s, or choose a meeting above.")
                    % {"field": self.fields[name].label},
                )
        if self.errors:
            return data
        meeting = BoardMeeting(
            number=data["number"].strip(),
            date=data["date"],
            starts_at=data.get("starts_at"),
            place=data.get("place", "").strip(),
        )
        try:
            meeting.full_clean()
        except ValidationError as error:
            for field, errors in error.error_dict.items():
                if field == "number" and any(e.code == "unique" for e in errors):
                    errors = [
                        _(
                            "There is a meeting numbered %(number)s already: choose it "
                            "above, or give the new meeting another number."
                        )
                        % {"number": meeting.number}
                    ]
                self.add_error(field if field in self.fields else None, errors)
            return data
        if meeting.date < self.month:
            self.add_error("date", _("The meeting is before the month the report covers."))
        data["chosen_meeting"] = meeting
        self._check_as_of(data)
        return data

    def _check_as_of(self, data) -> None:
        """The figures stand at a day before the meeting they are presented at."""
        as_of, meeting = data.get("as_of"), data["chosen_meeting"]
        if as_of and as_of > meeting.date:
            self.add_error(
                "as_of",
                _(
                    "The figures are as of %(as_of)s, after the meeting on %(date)s: "
                    "figures are presented at a meeting after the day they stand at."
                )
                % {"as_of": format_date(as_of), "date": format_date(meeting.date)},
            )


class PublishOnceForm(forms.Form):
    """The number of the version the confirmation was for: its one-time token. A
    double-submit or a retry of the same form then publishes nothing more."""

    next_version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class PublishForm(PublishOnceForm):
    change_note = forms.CharField(
        label=gettext_lazy("change note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=gettext_lazy(
            "Optional: what is new in this version. It goes into the notice and is kept "
            "with the version."
        ),
    )
