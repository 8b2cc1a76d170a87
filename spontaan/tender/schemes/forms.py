"""Forms of the scheme pages: set-up and settings. They parse input; the services decide.

A service reports some errors for a group of inputs (all co-funders, all criteria). Such a
form has a field of that name that is never rendered as an input (`_GroupField`), so that
`apply_errors` puts the message on it and the template shows it at the group's fieldset.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from spontaan.initiatives.models import Category
from spontaan.tender.forms_common import euros_field
from spontaan.tender.models import Mode, SchemeStatus

FUNDER_ROWS = 4
CRITERION_ROWS = 8
SCALES = (3, 4, 5, 7, 10)


class _GroupField(forms.CharField):
    """Holds the errors of a group of inputs; not an input itself."""

    def __init__(self, **kwargs):
        super().__init__(required=False, widget=forms.HiddenInput, **kwargs)


class SchemeForm(forms.Form):
    """A new scheme, or (editing=True) its basics: everything but the web address, the
    municipalities and the mode, which do not change here."""

    name = forms.CharField(label=_("Name"), max_length=140)
    slug = forms.SlugField(
        label=_("Short name in the web address"),
        required=False,
        max_length=80,
        help_text=_("Letters, digits and hyphens. Leave it empty to make it from the name."),
    )
    purpose = forms.CharField(
        label=_("What the scheme is for"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Public. You can use Markdown: **bold**, *italic*, lists, links."),
    )
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Municipalities"),
        queryset=None,
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Initiatives in these municipalities can apply. You can choose the "
            "municipalities where you are programme manager."
        ),
    )
    budget_euros = euros_field(_("Budget (euros)"))
    max_per_initiative_euros = euros_field(_("Maximum per initiative (euros)"))
    min_cofinancing_percent = forms.IntegerField(
        label=_("Co-financing required (percent of the total cost)"),
        min_value=0,
        max_value=99,
        initial=0,
        help_text=_(
            "The share of the cost that the initiative and other funders bring in. "
            "0 means none is required."
        ),
    )
    eligible_categories = forms.MultipleChoiceField(
        label=_("Categories of initiatives that can apply"),
        required=False,
        choices=Category.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose none to let every category apply."),
    )
    score_max = forms.TypedChoiceField(
        label=_("Score scale"),
        coerce=int,
        initial=5,
        widget=forms.RadioSelect,
        choices=[(n, str(n)) for n in SCALES],
        help_text=_("Panel members score every criterion from 1 to this number."),
    )
    mode = forms.ChoiceField(
        label=_("How applications come in"),
        choices=Mode.choices,
        initial=Mode.ROLLING,
        widget=forms.RadioSelect,
    )
    decision_days = forms.IntegerField(
        label=_("Decision within (working days)"),
        min_value=1,
        max_value=130,
        initial=30,
        help_text=_(
            "Rolling mode: the municipality decides within this many working days "
            "after an application comes in."
        ),
    )
    funders = _GroupField(label=_("Co-funders"))

    def __init__(
        self,
        *args,
        municipalities=None,
        editing: bool = False,
        funder_rows: int = FUNDER_ROWS,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        if editing:
            for name in ("slug", "municipalities", "mode"):
                del self.fields[name]
        else:
            self.fields["municipalities"].queryset = municipalities
        self.fields["score_max"].choices = [(n, _("1 to %(n)s") % {"n": n}) for n in SCALES]
        self.funder_count = funder_rows
        for i in range(funder_rows):
            n = i + 1
            self.fields[f"funder_{i}_name"] = forms.CharField(
                label=_("Co-funder %(n)s: name") % {"n": n}, required=False, max_length=120
            )
            self.fields[f"funder_{i}_amount"] = euros_field(
                _("Co-funder %(n)s: share (euros)") % {"n": n}, required=False
            )

    def funder_rows(self) -> list[tuple]:
        """(name, amount) bound fields per row, for the template."""
        return [
            (self[f"funder_{i}_name"], self[f"funder_{i}_amount"]) for i in range(self.funder_count)
        ]

    def funders_data(self) -> list[dict]:
        """The filled-in rows; a row left empty is ignored."""
        data = self.cleaned_data
        rows = []
        for i in range(self.funder_count):
            name = (data.get(f"funder_{i}_name") or "").strip()
            amount = data.get(f"funder_{i}_amount")
            if name or amount is not None:
                rows.append({"name": name, "amount_euros": amount})
        return rows

    @staticmethod
    def funder_initial(funders) -> dict:
        initial = {}
        for i, funder in enumerate(funders):
            initial[f"funder_{i}_name"] = funder.name
            initial[f"funder_{i}_amount"] = funder.amount_euros
        return initial


class CriteriaForm(forms.Form):
    """Up to eight criteria, each a name, an explanation and a weight in percent."""

    criteria = _GroupField(label=_("Criteria"))

    def __init__(self, *args, rows: int = CRITERION_ROWS, **kwargs):
        super().__init__(*args, **kwargs)
        self.row_count = rows
        for i in range(rows):
            n = i + 1
            self.fields[f"c{i}_name"] = forms.CharField(
                label=_("Criterion %(n)s: name") % {"n": n}, required=False, max_length=120
            )
            self.fields[f"c{i}_description"] = forms.CharField(
                label=_("Criterion %(n)s: explanation") % {"n": n}, required=False, max_length=400
            )
            self.fields[f"c{i}_weight"] = forms.IntegerField(
                label=_("Criterion %(n)s: weight (percent)") % {"n": n},
                required=False,
                min_value=1,
                max_value=100,
            )

    def rows(self) -> list[tuple]:
        return [
            (i + 1, self[f"c{i}_name"], self[f"c{i}_description"], self[f"c{i}_weight"])
            for i in range(self.row_count)
        ]

    def criteria_data(self) -> list[dict]:
        data = self.cleaned_data
        rows = []
        for i in range(self.row_count):
            name = (data.get(f"c{i}_name") or "").strip()
            description = (data.get(f"c{i}_description") or "").strip()
            weight = data.get(f"c{i}_weight")
            if name or description or weight is not None:
                rows.append({"name": name, "description": description, "weight": weight})
        return rows

    @staticmethod
    def initial_from(criteria) -> dict:
        initial = {}
        for i, criterion in enumerate(list(criteria)[:CRITERION_ROWS]):
            initial[f"c{i}_name"] = criterion.name
            initial[f"c{i}_description"] = criterion.description
            initial[f"c{i}_weight"] = criterion.weight
        return initial


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


class TrancheForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the tranche"), max_length=80, help_text=_("For example: Spring 2026.")
    )
    opens_on = forms.DateField(label=_("Opens on"), widget=_DateInput())
    closes_on = forms.DateField(label=_("Closes on (last day to apply)"), widget=_DateInput())
    decide_by = forms.DateField(label=_("Decisions by"), widget=_DateInput())


class ModeForm(forms.Form):
    mode = forms.ChoiceField(label=_("New mode"), choices=Mode.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Reason for the change"),
        max_length=400,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Public: it is shown in the scheme's history."),
    )
    decision_days = forms.IntegerField(
        label=_("Decision within (working days)"),
        required=False,
        min_value=1,
        max_value=130,
        help_text=_("Rolling mode: leave empty to keep the current term."),
    )


class ReviewerForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of the new panel member"),
        help_text=_(
            "The person needs the reviewer role in one of the scheme's "
            "municipalities; an administrator grants it."
        ),
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=SchemeStatus.choices)
