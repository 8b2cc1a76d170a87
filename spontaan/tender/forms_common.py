"""What the tender's forms share."""

from django import forms

from spontaan.tender.checks import MAX_EUROS


def euros_field(
    label,
    *,
    required: bool = True,
    minimum: int = 1,
    help_text: str = "",
    field_class: type[forms.IntegerField] = forms.IntegerField,
):
    """A whole number of euros, from ``minimum`` up to the most the tender handles."""
    return field_class(
        label=label,
        required=required,
        min_value=minimum,
        max_value=MAX_EUROS,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
