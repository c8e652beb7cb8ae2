from django import forms, template
from django.utils.http import urlencode

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


@register.simple_tag(takes_context=True)
def home_panel(context, panel):
    """A home page panel (bianzhi.home.Panel): its template with its own context on top of the
    page's."""
    template_ = context.template.engine.get_template(panel.template_name)
    with context.push(panel.context):
        return template_.render(context)
