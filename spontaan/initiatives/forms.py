from django import forms
from django.db import models
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from spontaan.actors.models import Actor, ActorKind
from spontaan.actors.selectors import OFFICIAL_KINDS
from spontaan.core.forms import RendersAlike
from spontaan.core.labels import choice_labels
from spontaan.core.validation import max_length
from spontaan.places.selectors import municipality_choices, municipality_list, place_lookup

from .location import found_label
from .models import (
    ASK_AMOUNT_MAX,
    MESSAGE_MAX_LENGTH,
    AddressedToMunicipality,
    Ask,
    AskOutcome,
    Category,
    ConflictOutcome,
    Facilitation,
    Function,
    Initiative,
    NewsItem,
    RuleConflict,
    RuleKind,
    Status,
    TeamMember,
)
from .selectors import InitiativeFilters, function_choices


class InitiativeForm(forms.Form):
    """The fields of an initiative; the rules are checked again by the service."""

    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=municipality_list(),
        to_field_name="slug",
        empty_label=_("Choose a municipality"),
    )
    title = forms.CharField(label=_("Title"), max_length=max_length(Initiative, "title"))
    summary = forms.CharField(
        label=_("Summary"),
        max_length=max_length(Initiative, "summary"),
        help_text=_("One or two sentences: what is it, and for whom? At most 300 characters."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    category = forms.ChoiceField(
        label=_("Category"), choices=Category.choices, widget=forms.RadioSelect
    )
    functions = forms.ModelMultipleChoiceField(
        label=_("Functions"),
        required=False,
        queryset=Function.objects.all(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        help_text=_("What does the initiative bring to the place?"),
    )
    story = forms.CharField(
        label=_("Story"),
        required=False,
        max_length=max_length(Initiative, "story"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Tell the whole story. You can add layout: **bold** for bold, *italic* for "
            "italic, a line starting with - for a list, and links as [text](https://…)."
        ),
    )
    offers = forms.CharField(
        label=_("What the initiative offers"),
        required=False,
        max_length=max_length(Initiative, "offers"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What can others get from you: a space, time, knowledge, materials?"),
    )
    address = forms.CharField(
        label=_("Address or place"),
        required=False,
        max_length=max_length(Initiative, "address"),
        help_text=_("For example: Marktstraat 5, Hengelo. Press Enter to find it on the map."),
    )
    latitude = forms.FloatField(
        label=_("Latitude (north–south)"),
        required=False,
        widget=forms.NumberInput(attrs={"step": "any"}),
        help_text=_("In Twente about 52.2."),
    )
    longitude = forms.FloatField(
        label=_("Longitude (west–east)"),
        required=False,
        widget=forms.NumberInput(attrs={"step": "any"}),
        help_text=_("In Twente about 6.8."),
    )
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    photo_alt = forms.CharField(
        label=_("Description of the photo"),
        required=False,
        max_length=max_length(Initiative, "photo_alt"),
        help_text=_("What is on the photo, for people who cannot see it."),
    )

    remove_photo = forms.BooleanField(
        label=_("Remove the photo"),
        required=False,
        help_text=_("The photo is deleted from the site."),
    )

    def __init__(self, *args, editing: bool = False, has_photo: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.editing = editing
        if editing:
            del self.fields["municipality"]
        if not (editing and has_photo):
            del self.fields["remove_photo"]

    def clean(self):
        """A new initiative with an address but no point (the form was sent before the address
        was found on the map, by Enter or without the map script) is not published without a
        location by accident: the point is looked up here and shown to check, or the person
        is asked to place it."""
        data = super().clean()
        address = (data.get("address") or "").strip()
        no_point = data.get("latitude") is None and data.get("longitude") is None
        if self.editing or not address or not no_point or "latitude" in self.errors:
            return data
        place = place_lookup(text=address)
        if place is None:
            self.add_error(
                "address",
                _(
                    "We could not find this place on the map. Put the pin on the map or type "
                    "the coordinates; if the initiative has no place, leave this field empty."
                ),
            )
            return data
        self.data = self.data.copy()
        self.data[self.add_prefix("latitude")] = f"{place.latitude:.6f}"
        self.data[self.add_prefix("longitude")] = f"{place.longitude:.6f}"
        self.add_error(
            "address",
            _(
                "Check the place: the pin is now on %(place)s. Move it if needed, then publish "
                "again."
            )
            % {"place": found_label(place)},
        )
        return data


class TransitionForm(RendersAlike, forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Status.choices)
    note = forms.CharField(
        label=_("Explanation"),
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for a decision or when the initiative stops."),
    )

    def __init__(self, *args, targets: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = tuple(targets) if targets is not None else None
        if targets is not None:
            self.fields["status"].choices = [(t, Status(t).label) for t in targets]

    def render_variant(self) -> tuple:
        return (self.targets,)


class TextForm(RendersAlike, forms.Form):
    text = forms.CharField(
        label=_("Message"), max_length=MESSAGE_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )


# The kinds of help in plain words where one chooses them, the official term beside them.
KIND_EXPLAINED = [
    (
        Facilitation.COMMUNICATIVE,
        _(
            "Contacts and getting known (communicative): the municipality puts you in touch "
            "with the right people, or helps make your initiative known."
        ),
    ),
    (
        Facilitation.ORGANISATIONAL,
        _(
            "Practical help (organisational): for example a space, materials, or help "
            "arranging something."
        ),
    ),
    (
        Facilitation.FINANCIAL,
        _(
            "Money (financial-economic): for example a contribution, a grant or advice "
            "about the costs."
        ),
    ),
    (
        Facilitation.LEGAL_PLANNING,
        _(
            "Rules and permits (legal-planning): for example a permit, or a rule that "
            "stands in the way."
        ),
    ),
    (Facilitation.QUESTION, _("A question: you want to know something.")),
]


class AskForm(RendersAlike, forms.Form):
    kind = forms.ChoiceField(
        label=_("What do you need help with?"),
        choices=KIND_EXPLAINED,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what you need help with.")},
    )
    title = forms.CharField(
        label=_("What do you ask of the municipality?"), max_length=max_length(Ask, "title")
    )
    text = forms.CharField(
        label=_("Explanation"),
        required=False,
        max_length=max_length(Ask, "text"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    is_small = forms.BooleanField(
        label=_("This is a small ask (fast lane)"),
        required=False,
        help_text=_("A small, simple request is answered faster, with a visible deadline."),
    )
    amount = forms.IntegerField(
        label=_("Amount in euros, if any"), required=False, min_value=0, max_value=ASK_AMOUNT_MAX
    )


class AnswerForm(RendersAlike, forms.Form):
    """The municipality's answer to an ask or a conflict: an outcome and a text. A subclass
    names its outcomes (and may name the answer differently)."""

    outcomes: type[models.TextChoices]
    answer_label = _("Answer")

    outcome = forms.ChoiceField(
        label=_("Outcome"), error_messages={"required": _("Choose the outcome of your answer.")}
    )
    answer = forms.CharField(
        max_length=max_length(AddressedToMunicipality, "answer"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # No outcome is chosen beforehand: the person answering picks one.
        self.fields["outcome"].choices = [("", _("Choose an outcome")), *self.outcomes.choices]
        self.fields["answer"].label = self.answer_label


class AskAnswerForm(AnswerForm):
    outcomes = AskOutcome


class ConflictForm(RendersAlike, forms.Form):
    rule_kind = forms.ChoiceField(
        label=_("Kind of rule"),
        choices=[("", _("Choose a kind of rule")), *RuleKind.choices],
        error_messages={"required": _("Choose the kind of rule.")},
    )
    rule = forms.CharField(
        label=_("Which rule"),
        max_length=max_length(RuleConflict, "rule"),
        help_text=_("For example: zoning plan Binnenstad, article 12."),
    )
    description = forms.CharField(
        label=_("Where does the initiative conflict with it?"),
        max_length=max_length(RuleConflict, "description"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ConflictAnswerForm(AnswerForm):
    outcomes = ConflictOutcome
    answer_label = _("The municipality's answer")


class TeamMemberForm(RendersAlike, forms.Form):
    email = forms.EmailField(
        label=_("Invite a person by e-mail address"),
        required=False,
        help_text=_("The person joins the team once they accept the invitation."),
    )
    name = forms.CharField(
        label=_("Or add an organisation by name"),
        required=False,
        max_length=max_length(Actor, "name"),
    )
    kind = forms.ChoiceField(label=_("Kind of organisation"), required=False, choices=[("", "—")])
    role = forms.CharField(
        label=_("Role in the team"), required=False, max_length=max_length(TeamMember, "role")
    )

    def clean(self):
        data = super().clean()
        if not data.get("email") and not data.get("name") and not self.errors:
            raise forms.ValidationError(
                _("Give the e-mail address of a person or the name of an organisation.")
            )
        return data

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            ("", "—"),
            *((value, label) for value, label in ActorKind.choices if value not in OFFICIAL_KINDS),
        ]


class FilterForm(forms.Form):
    """The filters of the list of initiatives, the map and the API (see `parse_filters`).

    Municipality and function are slugs: the select offers the known ones, and an unknown slug
    matches no initiative (as in the API), rather than switching the filters off. The options
    come as (value, label) pairs and the selects render without a widget template per option
    (`selects`): the form is on every request of the list."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    municipality = forms.CharField(
        label=_("Municipality"), required=False, max_length=100, widget=forms.Select
    )
    category = forms.ChoiceField(label=_("Category"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    function = forms.CharField(
        label=_("Function"), required=False, max_length=100, widget=forms.Select
    )

    SELECTS = ("municipality", "category", "status", "function")

    def __init__(self, *args, municipalities=(), functions=(), **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["municipality"].widget.choices = [("", _("All municipalities")), *municipalities]
        fields["category"].choices = [
            ("", _("All categories")),
            *choice_labels(Initiative._meta.get_field("category")).items(),
        ]
        fields["status"].choices = [
            ("", _("Every status")),
            *choice_labels(Initiative._meta.get_field("status")).items(),
        ]
        fields["function"].widget.choices = [("", _("All functions")), *functions]

    def selects(self) -> list[dict]:
        """Per select: name, id, label and its options as HTML, the chosen one selected (as
        Django's Select widget renders them)."""
        result = []
        for name in self.SELECTS:
            bound = self[name]
            value = bound.value()
            chosen = "" if value is None else str(value)
            options = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    (value, SELECTED if str(value) == chosen else "", label)
                    for value, label in self.fields[name].widget.choices
                ),
            )
            result.append(
                {"name": name, "id": bound.auto_id, "label": bound.label, "options": options}
            )
        return result


SELECTED = mark_safe(" selected")


def parse_filters(data, *, with_choices: bool = True) -> tuple[FilterForm, InitiativeFilters]:
    """The one reading of the filters of initiatives from a query string, for the list page, the
    map page, the API list and the map's GeoJSON: the form (with the known municipalities and
    functions to choose from when `with_choices`, which a page shows; two small queries of
    (slug, name) pairs) and the filters. Invalid input (an unknown category or status, text too
    long) switches the filters off, as the list page always did; the API list refuses it
    before with a 422."""
    form = FilterForm(
        data or None,
        municipalities=municipality_choices() if with_choices else (),
        functions=function_choices() if with_choices else (),
    )
    if form.is_bound and form.is_valid():
        cleaned = form.cleaned_data
        return form, InitiativeFilters(
            municipality=cleaned["municipality"].strip(),
            category=cleaned["category"],
            status=cleaned["status"],
            function=cleaned["function"].strip(),
            q=cleaned["q"].strip(),
        )
    return form, InitiativeFilters()


class NewsForm(RendersAlike, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=max_length(NewsItem, "title"))
    text = forms.CharField(
        label=_("Text"),
        help_text=_(
            "You can add layout: **bold** for bold, *italic* for italic, a line starting "
            "with - for a list, and links as [text](https://…)."
        ),
        max_length=max_length(NewsItem, "text"),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
