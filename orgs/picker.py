"""Institutions chosen by name, never from a list of a city's 6,700 units; one search endpoint,
``InstitutionPickerView``, serves both widgets:

- ``InstitutionPicker`` here, many institutions (涉及机构): the chosen ones as checked boxes and a
  search box; typing fetches the first matches in the user's scope, each a checkbox of the
  field's name (``name``), so a checked match is posted with the form;
- ``bianzhi.forms.InstitutionPicker``, one institution (the ledger export's unit): typing fetches
  the matches as buttons (``PICKER_QUERY``); picking one fills the hidden input.

The fields' scoped querysets still validate every posted id."""

import re

from django import forms
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.generic import TemplateView

from bianzhi.forms import PICKER_QUERY
from bianzhi.views import ScopedViewMixin

from .choices import Status
from .models import Institution

MATCHES_SHOWN = 20
FIELD_NAME = re.compile(r"[A-Za-z_][\w-]{0,80}")
TOO_SHORT = "请输入单位名称中的字词。"


def matching(institutions, query: str):
    """The active ``institutions`` whose full, short or other names contain ``query``, by region
    and the tree's order."""
    return (
        institutions.filter(status=Status.ACTIVE)
        .filter(
            Q(full_name__icontains=query)
            | Q(short_name__icontains=query)
            | Q(other_names__icontains=query)
        )
        .select_related("region")
        .order_by("region__code", "sort_order", "full_name")
    )


class InstitutionPicker(forms.SelectMultiple):
    """Chosen institutions and a search box; renders only the chosen ones, never every option."""

    def __init__(self, attrs=None):
        super().__init__(attrs)

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        chosen_ids = [str(v) for v in self.format_value(value) if str(v).isdigit()]
        queryset = getattr(self.choices, "queryset", Institution.objects.none())
        chosen = queryset.filter(pk__in=chosen_ids).order_by("sort_order", "full_name")
        return render_to_string(
            "orgs/includes/institution_picker.html",
            {
                "name": name,
                "id": attrs.get("id") or f"id_{name}",
                "chosen": chosen,
                "search_url": reverse("orgs:institution_picker"),
            },
        )


class InstitutionPickerView(ScopedViewMixin, TemplateView):
    """The matches of what was typed in the user's scope: checkboxes named ``name`` for the
    many-institution picker, buttons for the one-institution picker."""

    model = Institution

    def get_template_names(self):
        if self.many:
            return ["orgs/includes/institution_picker_results.html"]
        return ["orgs/includes/institution_options.html"]

    @property
    def many(self) -> bool:
        return "name" in self.request.GET

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q" if self.many else PICKER_QUERY, "").strip()[:50]
        name = self.request.GET.get("name", "")
        found = list(matching(self.get_queryset(), query)[: MATCHES_SHOWN + 1]) if query else []
        context.update(
            query=query,
            name=name if FIELD_NAME.fullmatch(name) else "institutions",
            matches=found[:MATCHES_SHOWN],
            institutions=found[:MATCHES_SHOWN],
            more=len(found) > MATCHES_SHOWN,
            too_short=TOO_SHORT if not query else "",
        )
        return context
