"""Form pieces shared by every app: scope-restricted choices and the reason for a change."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from bianzhi import access

REASON_HELP = "将记入变更历史，例如：根据编委会议纪要调整。"


class ScopedFormMixin:
    """Offer only the objects the user may see in every choice of related objects.

    A forged POST naming an object outside the user's scope fails validation like any invalid
    choice, so nothing outside the scope can be linked to.
    """

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for form_field in self.fields.values():
            queryset = getattr(form_field, "queryset", None)
            if queryset is not None and hasattr(queryset.model, "scoping"):
                form_field.queryset = access.restrict(queryset, user, access.Action.VIEW)


class ReasonFormMixin(forms.Form):
    """The reason recorded in history with the change (rule 13)."""

    reason = forms.CharField(label="变更原因", max_length=200, help_text=REASON_HELP)


def model_data(form: forms.ModelForm, *, changed_only: bool = False) -> dict:
    """The cleaned values of the form's model fields (not its extra fields nor many-to-many)."""
    model = form._meta.model
    names = {f.name for f in model._meta.concrete_fields}
    source = form.changed_data if changed_only else form.cleaned_data.keys()
    return {name: form.cleaned_data[name] for name in source if name in names}


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's refusal on the form: on the field it names if the form has it."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


# Counts (编制数, 职数, 调整数) are typed in half-width digits only: Python's int() would read
# full-width １２ or other scripts' digits silently, so a form and an import would not agree on
# what was typed. Refused with this message rather than guessed.
NOT_HALF_WIDTH_DIGITS = "“%(value)s”含全角或其他非半角字符，数量请用半角数字 0–9 填写。"


class CountField(forms.IntegerField):
    """An integer typed in half-width characters; anything else non-numeric gets the usual
    integer message."""

    def to_python(self, value):
        if isinstance(value, str) and not value.strip().isascii():
            raise ValidationError(
                NOT_HALF_WIDTH_DIGITS, code="invalid", params={"value": value.strip()}
            )
        return super().to_python(value)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def date_widgets(model: type[models.Model]) -> dict:
    """HTML date pickers for every date field of ``model``."""
    return {f.name: DateInput() for f in model._meta.fields if isinstance(f, models.DateField)}


class CheckList(forms.CheckboxSelectMultiple):
    """Checkboxes drawn as Bootstrap form-checks in a row, whatever class the ``bootstrap``
    filter hands the widget (that class suits one input, not a list of them)."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        base_id = attrs.get("id") or f"id_{name}"
        selected = {str(v) for v in self.format_value(value)}
        items = []
        for index, (option_value, label) in enumerate(self.choices):
            option_id = f"{base_id}_{index}"
            items.append(
                format_html(
                    '<div class="form-check form-check-inline"><input class="form-check-input"'
                    ' type="checkbox" name="{}" value="{}" id="{}"{}>'
                    '<label class="form-check-label" for="{}">{}</label></div>',
                    name,
                    option_value,
                    option_id,
                    mark_safe(" checked" if str(option_value) in selected else ""),
                    option_id,
                    label,
                )
            )
        return format_html('<div id="{}">{}</div>', base_id, mark_safe("".join(items)))


# The search box of an ``InstitutionPicker``: what its endpoint reads, and what a form posting it
# leaves out of its data (the chosen unit's id is the field's value).
PICKER_QUERY = "institution_search"


class InstitutionPicker(forms.HiddenInput):
    """A unit chosen by name rather than by id: a search box that asks ``url_name`` (htmx, as
    the user types) for the matching units in the user's scope, buttons to pick one
    (bianzhi.js), and the hidden input holding the chosen unit's id. ``label`` names the unit
    already chosen, if any."""

    def __init__(self, *, url_name: str, placeholder: str = "输入单位名称搜索", attrs=None):
        super().__init__(attrs)
        self.url_name = url_name
        self.placeholder = placeholder
        self.label = ""

    def id_for_label(self, id_):
        # The field's <label> names the search box, the control a person uses.
        return f"{id_}_search" if id_ else id_

    def render(self, name, value, attrs=None, renderer=None):
        hidden = super().render(name, value, attrs, renderer)
        box_id = self.id_for_label((attrs or {}).get("id", f"id_{name}"))
        return format_html(
            '<div class="bz-picker">{}'
            '<input type="search" class="form-control" id="{}" name="{}" value="{}"'
            ' placeholder="{}" autocomplete="off" hx-get="{}"'
            ' hx-trigger="input changed delay:300ms, search" hx-target="next .bz-picker-options"'
            ' hx-sync="this:replace">'
            '<div class="bz-picker-options list-group mt-1" aria-live="polite"></div></div>',
            hidden,
            box_id,
            PICKER_QUERY,
            self.label,
            self.placeholder,
            reverse(self.url_name),
        )
