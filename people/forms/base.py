"""The base of the personnel forms: choice fields labelled with their figures, a form in sections
whose choices follow the selected unit, and the summary its confirmation shows."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from bianzhi.forms import ReasonFormMixin, ScopedFormMixin

CHOOSE = [("", "请选择")]
# Widget attributes that reload the form when a choice changes, so the lists below it follow.
REFRESH_ATTRS = {
    "hx-trigger": "change",
    "hx-target": "#bz-form-body",
    "hx-select": "#bz-form-body",
    "hx-swap": "outerHTML",
    "hx-vals": '{"refresh": "1"}',
}


def today() -> datetime.date:
    return timezone.localdate()


def _display(form_field: forms.Field, value) -> str:
    """A cleaned value as the confirmation page shows it."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(form_field, forms.ChoiceField) and not isinstance(
        form_field, forms.ModelChoiceField
    ):
        return str(dict(form_field.choices).get(value, value))
    return str(value)


class QuotaLineField(forms.ModelChoiceField):
    """A quota line of the selected unit, labelled with its current figures (rule 1)."""

    def label_from_instance(self, obj):
        return f"{obj.type_label}（核定 {obj.approved}，实有 {obj.occupied}，空编 {obj.vacancy}）"


class PermitField(forms.ModelChoiceField):
    """An open usage permit with unused slots (rule 3)."""

    def label_from_instance(self, obj):
        return (
            f"{obj.number} · {obj.get_purpose_display()} · 核准 {obj.count} 名，"
            f"剩余 {obj.count - obj.used} 名 · 有效期至 {obj.expires_on:%Y-%m-%d}"
        )


class LeadershipQuotaField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        where = f"{obj.department.name} · " if obj.department_id else ""
        return f"{where}{obj.post_label} · 核定 {obj.approved}，实配 {obj.filled}"


class PersonnelForm(ScopedFormMixin, ReasonFormMixin, forms.Form):
    """Base of the personnel forms: sections for the page, a summary for the confirmation, and
    choices that follow the selected institution.

    ``sections`` lists (title, field names); ``refresh_fields`` are the choices whose change
    reloads the form. A forged choice outside the selected institution is an invalid choice.
    """

    sections: list[tuple[str, list[str]]] = []
    refresh_fields: tuple[str, ...] = ()

    def selected(self, name: str):
        """The object chosen in ``name`` (submitted or initial), if it is a valid choice."""
        raw = self.data.get(self.add_prefix(name)) if self.is_bound else self.initial.get(name)
        if raw is None or raw == "":
            return None
        if hasattr(raw, "pk"):
            raw = raw.pk
        try:
            return self.fields[name].queryset.filter(pk=raw).first()
        except (ValueError, TypeError, ValidationError):
            return None

    def enable_refresh(self, url: str) -> None:
        for name in self.refresh_fields:
            self.fields[name].widget.attrs.update(REFRESH_ATTRS, **{"hx-post": url})

    def bound_sections(self):
        return [(title, [self[name] for name in names]) for title, names in self.sections]

    def summary(self) -> list[tuple[str, str]]:
        """What will be done, as (label, value) rows for the confirmation page."""
        rows = []
        for _title, names in self.sections:
            for name in names:
                value = self.cleaned_data.get(name)
                if value in (None, "") or name in self.summary_skip():
                    continue
                form_field = self.fields[name]
                rows.append((str(form_field.label), _display(form_field, value)))
        rows.append((str(self.fields["reason"].label), self.cleaned_data["reason"]))
        return rows

    def summary_skip(self) -> set[str]:
        return set()
