"""Forms of the application pages. They parse what was typed; the services check the rules
again and their ValidationErrors are put back on these forms (core.forms.apply_errors)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from spontaan.tender.forms_common import euros_field
from spontaan.tender.models import LineSource, Outcome

EXTRA_BUDGET_ROWS = 3


def _textarea(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class NeededToSubmit:
    """A field a draft may leave empty, but that is needed before submitting: the form shows
    it as required (not "optional"), saves it empty, and the checklist asks for it."""

    def validate(self, value):
        if value in self.empty_values:
            return
        super().validate(value)


class DraftIntegerField(NeededToSubmit, forms.IntegerField):
    pass


class DraftCharField(NeededToSubmit, forms.CharField):
    pass


class DraftMultipleChoiceField(NeededToSubmit, forms.MultipleChoiceField):
    pass


class ApplicationForm(forms.Form):
    # The browser must not stop a draft from being saved half-way.
    use_required_attribute = False

    amount_requested = euros_field(
        _("Amount you ask for (euros)"),
        minimum=0,
        help_text=_(
            "Whole euros. The lines of the budget plan that you ask from this scheme "
            "must add up to this amount."
        ),
        field_class=DraftIntegerField,
    )
    plan = DraftCharField(
        label=_("Plan: what will you do with the money?"),
        max_length=20000,
        widget=_textarea(8),
        help_text=_("What will you do, with whom, and when? What remains when it is done?"),
    )
    themes = DraftMultipleChoiceField(
        label=_("Which themes of the city profile does it strengthen?"),
        widget=forms.CheckboxSelectMultiple,
        choices=(),
    )
    wants_pitch = forms.BooleanField(
        label=_("We would like to pitch in the werkatelier"),
        required=False,
        help_text=_("Tell the panel about the plan in person, at a meeting of the werkatelier."),
    )

    def __init__(self, *args, themes: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if themes:
            self.fields["themes"].choices = [(t, t) for t in themes]
        else:
            del self.fields["themes"]


class BudgetLineForm(forms.Form):
    """One line of the budget plan. A row left empty is ignored."""

    item = forms.CharField(label=_("Item"), required=False, max_length=160)
    amount_euros = euros_field(_("Amount (euros)"), required=False)
    source = forms.ChoiceField(
        label=_("Paid by"),
        required=False,
        choices=[
            ("", _("Choose …")),
            (LineSource.SCHEME, _("this scheme")),
            (LineSource.OWN, _("own contribution")),
            (LineSource.OTHER, _("other funder")),
        ],
    )
    funder = forms.CharField(label=_("Name of the funder"), required=False, max_length=120)

    def clean(self):
        data = super().clean()
        item, amount = (data.get("item") or "").strip(), data.get("amount_euros")
        source, funder = data.get("source") or "", (data.get("funder") or "").strip()
        if not (self.errors or item or amount is not None or source or funder):
            return {}  # a blank row
        missing = [
            ("item", not item, _("Say what this line is for.")),
            ("amount_euros", amount is None, _("Give the amount in euros.")),
            ("source", not source, _("Say who pays this line.")),
            (
                "funder",
                source == LineSource.OTHER and not funder,
                _("Name the other funder or sponsor."),
            ),
        ]
        for field, is_missing, message in missing:
            if is_missing and field not in self.errors:
                self.add_error(field, message)
        return data

    @property
    def line(self) -> dict | None:
        data = self.cleaned_data
        if not data:
            return None
        return {
            "item": data["item"].strip(),
            "amount_euros": data["amount_euros"],
            "source": data["source"],
            "funder": data["funder"].strip() if data["source"] == LineSource.OTHER else "",
        }


BudgetLineFormSet = forms.formset_factory(
    BudgetLineForm, extra=EXTRA_BUDGET_ROWS, max_num=40, validate_max=True
)


class SubmitForm(forms.Form):
    answer_to_questions = forms.CharField(
        label=_("Answer to the questions"),
        max_length=8000,
        # Sent with the edit form (the page's submit button saves and submits at once).
        widget=forms.Textarea(attrs={"rows": 6, "form": "application-form"}),
        help_text=_(
            "Answer the municipality's questions. Your answer goes with the "
            "application and is shown on the initiative's timeline."
        ),
    )

    def __init__(self, *args, returned: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not returned:
            del self.fields["answer_to_questions"]


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Add an attachment"),
        help_text=_(
            "PDF, ODT, ODS, DOCX, XLSX, PNG or JPEG, at most 10 MB; at most 10 files. "
            "Only the team, the assessment panel and the municipality can open it."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.odt,.ods,.docx,.xlsx,.png,.jpg,.jpeg"}
        ),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you withdraw it?"), required=False, max_length=1000, widget=_textarea(3)
    )
    confirm = forms.BooleanField(
        label=_("Yes, withdraw this application. This cannot be undone."),
        error_messages={"required": _("Tick the box to confirm that you withdraw it.")},
    )


class ReviewForm(forms.Form):
    """A score and a motivation per criterion, and an overall comment. The field names are
    the ones the service uses in its errors: score_<id>, motivation_<id>, comment."""

    comment = forms.CharField(
        label=_("Overall comment"), required=False, max_length=8000, widget=_textarea(4)
    )

    def __init__(self, *args, criteria: list, score_max: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        comment = self.fields.pop("comment")
        choices = [(str(n), str(n)) for n in range(1, score_max + 1)]
        for criterion in criteria:
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=_("Score for “%(name)s”") % {"name": criterion.name},
                choices=choices,
                coerce=int,
                widget=forms.RadioSelect,
                help_text=_("1 is weak, %(top)s is strong.") % {"top": score_max},
                error_messages={
                    "required": _("Give a score for “%(name)s”.") % {"name": criterion.name},
                    # Django formats this message with the value: keep "%" in names literal.
                    "invalid_choice": _(
                        "A score for “%(name)s” is a whole number from 1 to %(top)s."
                    )
                    % {"name": criterion.name.replace("%", "%%"), "top": score_max},
                },
            )
            self.fields[f"motivation_{criterion.pk}"] = forms.CharField(
                label=_("Motivation for “%(name)s”") % {"name": criterion.name},
                max_length=4000,
                widget=_textarea(3),
                error_messages={
                    "required": _("Motivate your score for “%(name)s”.") % {"name": criterion.name}
                },
            )
        self.fields["comment"] = comment

    def rows(self) -> list:
        """(criterion, score field, motivation field) per criterion, for the template."""
        return [(c, self[f"score_{c.pk}"], self[f"motivation_{c.pk}"]) for c in self.criteria]

    def scores(self) -> dict:
        data = self.cleaned_data
        return {
            c.pk: {"value": data[f"score_{c.pk}"], "motivation": data[f"motivation_{c.pk}"]}
            for c in self.criteria
        }


class ConflictDeclareForm(forms.Form):
    note = forms.CharField(
        label=_("What is the conflict of interest?"),
        max_length=400,
        widget=_textarea(3),
        help_text=_(
            "For example: I am a neighbour of the initiator, or I work for a partner. "
            "The note is kept with the application; your scores are removed."
        ),
    )


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    amount = euros_field(
        _("Amount granted (euros)"),
        required=False,
        help_text=_("Only for a grant. At most the amount requested."),
    )
    conditions = forms.CharField(
        label=_("Conditions"),
        required=False,
        max_length=8000,
        widget=_textarea(3),
        help_text=_("Only for a grant: what the initiative must do."),
    )
    reasoning = forms.CharField(
        label=_("Public reasoning, or your questions"),
        max_length=8000,
        widget=_textarea(5),
        error_messages={
            "required": _(
                "Write the reasoning of the decision, or the questions the initiative must answer."
            )
        },
        help_text=_(
            "Shown on the initiative's timeline. When you send the application back, "
            "write the questions the initiative must answer."
        ),
    )


class LedgerForm(forms.Form):
    amount = euros_field(_("Amount (euros)"))
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class ReleaseForm(LedgerForm):
    note = forms.CharField(
        label=_("Why is it released?"),
        max_length=300,
        help_text=_("For example: not spent according to the spending report."),
    )


class SpendingReportForm(forms.Form):
    realised_euros = euros_field(_("What you spent of the grant (euros)"), minimum=0)
    text = forms.CharField(
        label=_("What was done with the money"), max_length=8000, widget=_textarea(5)
    )
