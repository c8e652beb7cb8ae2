"""Choosing one of thousands (a city's 6,700 units, 7,900 quota lines, its documents and
people) by typing, in filters and forms alike.

``SearchSelect`` renders a ``<select>`` holding only the empty choice and the chosen object, and a
search box beside it; typing asks ``SearchSelectView`` (htmx) for the first matches, and picking
one makes it the select's chosen option (bianzhi.js). The box names the model and the fields to
search in a signed token, so the endpoint searches nothing else, and it lists only what
``bianzhi.access`` lets the user see; the field's own queryset still validates what is posted.
Without JavaScript the select keeps the chosen value and the rest of the form works.

``filters`` narrow the search as the field's queryset narrows its choices (only active units,
say), so that what is offered is what the form accepts. A model without ``scoping`` (the user
accounts) takes part by registering how a user's rows are found (``register_scope``); so does a
field offering more than the user's scope (a transfer's receiving unit), naming that ``scope``.
``SearchSelectMultiple`` does the same for a choice of several.
"""

from collections.abc import Callable

from django import forms
from django.apps import apps
from django.core import signing
from django.db.models import Q
from django.forms.utils import flatatt
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.views import View

from . import access

SALT = "bianzhi.pickers"
MATCHES_SHOWN = 20
QUERY_NAME = "pick_q"


# model label -> (user -> the rows of that model the user may pick)
SCOPES: dict[str, Callable] = {}


def register_scope(name: str):
    """Decorate the function giving the rows a user may pick: of a model without ``scoping``
    (``name`` its label, "auth.user"), or of a ``SearchSelect`` naming ``scope=name``."""

    def register(function):
        SCOPES[name.lower()] = function
        return function

    return register


def _label(obj, label_field: str | None) -> str:
    if label_field is None:
        return str(obj)
    value = obj
    for part in label_field.split("__"):
        value = getattr(value, part)
    return str(value)


class SearchSelect(forms.Select):
    """A select of one object searched by ``search_fields`` (default: ``label_field``) and shown
    by ``label_field`` (default: ``str()``, with ``related`` read alongside)."""

    def __init__(
        self,
        attrs=None,
        choices=(),
        *,
        label_field: str | None = None,
        search_fields: tuple[str, ...] = (),
        related: tuple[str, ...] = (),
        placeholder: str = "输入名称搜索",
        filters: dict | None = None,
        scope: str | None = None,
    ):
        super().__init__(attrs, choices)
        self.filters = dict(filters or {})
        self.scope = scope
        self.label_field = label_field
        self.search_fields = tuple(search_fields) or ((label_field,) if label_field else ())
        self.related = tuple(related)
        self.placeholder = placeholder

    def token(self, model) -> str:
        return signing.dumps(
            [
                model._meta.label_lower,
                self.search_fields,
                self.label_field,
                self.related,
                self.filters,
                self.scope,
            ],
            salt=SALT,
            compress=True,
        )

    def chosen(self, queryset, values) -> list[tuple[str, str]]:
        ids = [v for v in values if v.isdigit()]
        if not ids:
            return []
        rows = queryset.select_related(*self.related).filter(pk__in=ids)
        return [(str(obj.pk), _label(obj, self.label_field)) for obj in rows]

    def render(self, name, value, attrs=None, renderer=None):
        queryset = getattr(self.choices, "queryset", None)
        if queryset is None or not self.search_fields:
            return super().render(name, value, attrs, renderer)
        attrs = self.build_attrs(self.attrs, attrs)
        attrs["name"] = name
        if self.allow_multiple_selected:
            attrs["multiple"] = True
        selected = [str(v) for v in self.format_value(value) if v not in (None, "")]
        empty = self.choices.field.empty_label
        empty = None if self.allow_multiple_selected else empty
        options = [("", empty)] if empty is not None else []
        options += self.chosen(queryset, selected)
        option_html = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option_value, " selected" if option_value in selected else "", label)
                for option_value, label in options
            ),
        )
        box_id = f"{attrs.get('id') or 'id_' + name}_{QUERY_NAME}"
        return format_html(
            '<div class="bz-search-select"><select{}>{}</select>'
            '<input type="search" class="form-control form-control-sm mt-1" id="{}" name="{}"'
            ' form="bz-no-form" placeholder="{}" aria-label="{}" autocomplete="off"'
            ' hx-get="{}" hx-vals=\'{{"t": "{}"}}\''
            ' hx-trigger="input changed delay:300ms, search" hx-target="next .bz-picker-options"'
            ' hx-sync="this:replace">'
            '<div class="bz-picker-options list-group mt-1" aria-live="polite"></div></div>',
            flatatt(attrs),
            option_html,
            box_id,
            QUERY_NAME,
            self.placeholder,
            self.placeholder,
            reverse("pick"),
            self.token(queryset.model),
        )


class SearchSelectView(View):
    """The first matches of what was typed among the objects of the token's model in the
    user's scope, as buttons a ``SearchSelect`` picks from."""

    def get(self, request):
        try:
            model_name, search_fields, label_field, related, filters, scope_name = signing.loads(
                request.GET.get("t", ""), salt=SALT
            )
            model = apps.get_model(model_name)
        except (signing.BadSignature, ValueError, LookupError):
            return HttpResponseBadRequest("选择框参数无效。")
        query = request.GET.get(QUERY_NAME, "").strip()[:50]
        found = []
        scope = SCOPES.get(scope_name or model_name)
        if query and (scope is not None or hasattr(model, "scoping")):
            condition = Q()
            for field in search_fields:
                condition |= Q(**{f"{field}__icontains": query})
            if scope is not None:
                queryset = scope(request.user)
            else:
                queryset = access.restrict(model._default_manager.all(), request.user)
            queryset = queryset.filter(**filters)
            rows = queryset.filter(condition).select_related(*related)[: MATCHES_SHOWN + 1]
            found = [(obj.pk, _label(obj, label_field)) for obj in rows]
        return render(
            request,
            "includes/search_select_options.html",
            {"query": query, "matches": found[:MATCHES_SHOWN], "more": len(found) > MATCHES_SHOWN},
        )


class SearchSelectMultiple(SearchSelect, forms.SelectMultiple):
    """A ``SearchSelect`` of several objects: each match picked is added to the chosen ones
    (a click with Ctrl held drops one)."""

    allow_multiple_selected = True

    def __init__(self, *args, placeholder: str = "输入名称搜索，逐个添加", **kwargs):
        super().__init__(*args, placeholder=placeholder, **kwargs)


# The pickers of the rows a city has thousands of. ``filters`` of a field narrower than the
# user's scope are passed to the constructor.


def unit_picker(**kwargs) -> SearchSelect:
    return SearchSelect(
        label_field="full_name", search_fields=("full_name", "short_name"), **kwargs
    )


def quota_line_picker(placeholder: str = "输入单位名称搜索", **kwargs) -> SearchSelect:
    """A quota line searched by its unit's name, shown as 单位 · 编制类型."""
    return SearchSelect(
        search_fields=("institution__full_name",),
        related=("institution",),
        placeholder=placeholder,
        **kwargs,
    )


def department_picker(placeholder: str = "输入内设机构或单位名称搜索", **kwargs) -> SearchSelect:
    """A 内设机构 searched by its own or its unit's name, shown with its unit."""
    return SearchSelect(
        label_field="picker_label",
        search_fields=("name", "institution__full_name"),
        related=("institution",),
        placeholder=placeholder,
        **kwargs,
    )


def person_picker(**kwargs) -> SearchSelect:
    """A person searched by name or by the masked ID number lists show (rule 14)."""
    return SearchSelect(
        label_field="picker_label",
        search_fields=("name", "id_number_masked"),
        placeholder="输入姓名或身份证号后四位搜索",
        **kwargs,
    )


def record_picker(**kwargs) -> SearchSelect:
    """An establishment record searched by its person's name or masked ID number."""
    return SearchSelect(
        label_field="picker_label",
        search_fields=("person__name", "person__id_number_masked"),
        related=("person", "quota_line"),
        placeholder="输入姓名或身份证号后四位搜索",
        **kwargs,
    )
