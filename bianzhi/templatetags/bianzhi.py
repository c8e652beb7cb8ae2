from dataclasses import dataclass

from django import forms, template
from django.utils.http import urlencode
from django_tables2.templatetags.django_tables2 import table_page_range

from bianzhi import privacy
from bianzhi.rules import link_rules

register = template.Library()


@register.filter
def bootstrap(bound_field):
    """Render a form field's widget with the Bootstrap class that suits it."""
    widget = bound_field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, forms.Select | forms.SelectMultiple):
        css = "form-select"
    else:
        css = "form-control"
    if bound_field.errors:
        css += " is-invalid"
    return bound_field.as_widget(attrs={"class": css})


@register.filter
def is_checkbox(bound_field) -> bool:
    return isinstance(bound_field.field.widget, forms.CheckboxInput)


@register.simple_tag(takes_context=True)
def query_replace(context, **kwargs):
    """The current query string with some parameters replaced (keeps filters when paging)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        query[key] = value
    return urlencode(query, doseq=True)


@register.filter
def rule_links(text):
    """A message citing "规则 N" with each rule number linked to the rules page (规则说明)."""
    return link_rules(text)


@register.filter
def birth_year(value) -> str:
    """A birth date beside a masked ID number: its year only (rule 14)."""
    return privacy.MASKED.birth_text(value)


@dataclass(frozen=True)
class ErrorEntry:
    """One line of a form's error summary: the message, and the field it links to (if any)."""

    message: str
    label: str = ""
    target: str = ""


def _field_target(bound_field) -> str:
    # A radio or checkbox group has no id of its own: link to its first choice.
    return bound_field.id_for_label or (f"{bound_field.auto_id}_0" if bound_field.auto_id else "")


def _form_entries(form, row: str = "") -> list[ErrorEntry]:
    entries = [ErrorEntry(f"{row}{message}") for message in form.non_field_errors()]
    for bound_field in form:
        for message in bound_field.errors:
            if bound_field.is_hidden:
                entries.append(ErrorEntry(f"{row}{message}"))
            else:
                label = f"{row}{bound_field.label}"
                entries.append(ErrorEntry(message, label, _field_target(bound_field)))
    return entries


def error_entries(form, formset=None) -> list[ErrorEntry]:
    """Every error of a bound form (and of its formset, row by row), in the order of the page."""
    if isinstance(form, forms.BaseForm):
        entries = _form_entries(form)
    else:  # e.g. an import's result: messages about the whole file
        entries = [ErrorEntry(message) for message in getattr(form, "non_field_errors", ())]
    if isinstance(formset, forms.BaseFormSet) and formset.is_bound:
        entries += [ErrorEntry(message) for message in formset.non_form_errors()]
        for number, line in enumerate(formset.forms, start=1):
            entries += _form_entries(line, row=f"第 {number} 行 ")
    return entries


@register.inclusion_tag("includes/error_summary.html")
def error_summary(form, formset=None):
    """The summary at the top of a form that failed validation: each problem, linked to its
    field; static/js/bianzhi.js moves the focus to it when the page loads."""
    return {"entries": error_entries(form, formset)}


@register.simple_tag(takes_context=True)
def home_panel(context, panel):
    """A home page panel (bianzhi.home.Panel): its template with its own context on top of the
    page's."""
    template_ = context.template.engine.get_template(panel.template_name)
    with context.push(panel.context):
        return template_.render(context)


@register.filter
def page_served(paginator, number) -> bool:
    """Whether ``paginator`` serves page ``number`` (a deep page of a long list is not:
    bianzhi.paging)."""
    served = getattr(paginator, "served", None)
    return served(number) if served else True


@register.filter
def served_page_range(page, paginator) -> list:
    """django-tables2's page links with the pages not served shown as one …"""
    links = []
    for number in table_page_range(page, paginator):
        if number != "..." and not page_served(paginator, number):
            number = "..."
        if number == "..." and links and links[-1] == "...":
            continue
        links.append(number)
    return links
