"""涉及机构, searchable: a many-to-many choice of institutions that never lists a city's 6,700
units. The widget shows the chosen ones as checked boxes and a search box; typing fetches (htmx)
the first matches in the user's scope from ``InstitutionPickerView``, each a checkbox of the same
name, so a checked match is posted with the form. The field's scoped queryset still validates
every posted id."""

import re

from django import forms
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.generic import TemplateView

from bianzhi import access

from .choices import Status
from .models import Institution

MATCHES_SHOWN = 20
FIELD_NAME = re.compile(r"[A-Za-z_][\w-]{0,80}")
TOO_SHORT = "请输入单位名称中的字词。"


def matching(user, query: str):
    """Active institutions in ``user``'s scope whose full, short or other names contain
    ``query``, in the tree's order."""
    institutions = access.restrict(Institution.objects.filter(status=Status.ACTIVE), user)
    return institutions.filter(
        Q(full_name__icontains=query)
        | Q(short_name__icontains=query)
        | Q(other_names__icontains=query)
    ).order_by("sort_order", "full_name")


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


class InstitutionPickerView(TemplateView):
    """The matches of ``q`` (a fragment of checkboxes named ``name``) in the user's scope."""

    template_name = "orgs/includes/institution_picker_results.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()
        name = self.request.GET.get("name", "institutions")
        matches = list(matching(self.request.user, query)[: MATCHES_SHOWN + 1]) if query else []
        context.update(
            query=query,
            name=name if FIELD_NAME.fullmatch(name) else "institutions",
            matches=matches[:MATCHES_SHOWN],
            more=len(matches) > MATCHES_SHOWN,
            too_short=TOO_SHORT if not query else "",
        )
        return context
