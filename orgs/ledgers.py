"""What every ledger is filtered by: the region (by code), an institution and everything below it,
and the cut-off date (截至日期), each checked against the user's scope; and the subtitle row that
names them. The ledgers themselves live where their data does (staffing, people)."""

import datetime
from dataclasses import dataclass

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from bianzhi import access
from bianzhi.forms import InstitutionPicker
from bianzhi.ledgers import (
    LedgerError,
    ParamWords,
    Subtitle,
    cn_date,
    parse_date,
    register_filter_form,
    register_param_words,
)

from .models import Institution, Region

REGION_NOT_FOUND = "您的范围内没有区划代码为“%(code)s”的行政区划。"
INSTITUTION_NOT_FOUND = "您的范围内没有编号为“%(pk)s”的机构。"
AS_OF_IN_FUTURE = "截至日期不能晚于今天。"

# The parameters every ledger understands (the command line's --region, --institution, --as-of).
REGION_CODE = "region_code"
UNDER = "under"
AS_OF = "as_of"
# A list page's unit filter (the roster's, the requests'), exported with the page's filters.
INSTITUTION = "institution"
SINCE = "since"
WITH_SUBORDINATES = "%(name)s（含下属单位）"
NOT_IN_SCOPE = "编号 %(value)s（不在您的范围内）"


@dataclass
class LedgerFilters:
    region: Region | None
    institution: Institution | None
    as_of: datetime.date
    # True when the cut-off date was given, rather than today by default.
    as_of_given: bool

    @classmethod
    def parse(cls, user, params: dict) -> "LedgerFilters":
        region = institution = None
        code = (params.get(REGION_CODE) or "").strip()
        if code:
            region = access.restrict(Region.objects.all(), user).filter(code=code).first()
            if region is None:
                raise LedgerError(REGION_NOT_FOUND % {"code": code})
        pk = (params.get(UNDER) or "").strip()
        if pk:
            found = None
            if pk.isdigit():
                found = access.restrict(Institution.objects.all(), user).filter(pk=int(pk)).first()
            if found is None:
                raise LedgerError(INSTITUTION_NOT_FOUND % {"pk": pk})
            institution = found
        today = timezone.localdate()
        as_of = parse_date(params.get(AS_OF))
        if as_of and as_of > today:
            raise LedgerError(AS_OF_IN_FUTURE)
        return cls(region, institution, as_of or today, as_of is not None)

    def apply(self, queryset: QuerySet, *, region: str, institution: str | None) -> QuerySet:
        """Narrow ``queryset`` (already scope-restricted) by region subtree and institution
        subtree, through the model's lookups to them."""
        if self.region is not None:
            queryset = queryset.filter(**{f"{region}__in": self.region.subtree_ids()})
        if self.institution is not None and institution is not None:
            queryset = queryset.filter(**{f"{institution}__in": self.institution.subtree_ids()})
        return queryset

    def apply_scoped(self, queryset: QuerySet) -> QuerySet:
        scoping = queryset.model.scoping
        return self.apply(queryset, region=scoping.region, institution=scoping.institution)

    def subtitle(self, user, extra: str = "") -> Subtitle:
        if self.institution is not None:
            where = self.institution.full_name
        elif self.region is not None:
            where = self.region.name
        else:
            where = _scope_name(user)
        parts = [f"范围：{where}", f"截至日期：{cn_date(self.as_of)}"]
        if extra:
            parts.append(extra)
        parts.append(f"制表日期：{cn_date(timezone.localdate())}")
        return Subtitle("　　".join(parts), scope="" if where == "全部" else where)


def _scope_name(user) -> str:
    """The user's whole scope: a region's name, or the reviewer's or clerk's institution."""
    scope = access.user_scope(user)
    if scope is None:
        return "全部"
    return scope.region.name if scope.region_id else scope.institution.full_name


@register_param_words
def param_words(user, params: dict) -> ParamWords:
    """The job page's and the access log's reading of an export's parameters: names, not ids."""
    values = {}
    region = institution = None
    code = str(params.get(REGION_CODE) or "").strip()
    if code:
        region = access.restrict(Region.objects.all(), user).filter(code=code).first()
        values[REGION_CODE] = (
            "行政区划",
            f"{region.name}（{code}）" if region else NOT_IN_SCOPE % {"value": code},
        )
    for key, template in ((UNDER, WITH_SUBORDINATES), (INSTITUTION, "%(name)s")):
        value = str(params.get(key) or "").strip()
        if not value:
            continue
        found = None
        if value.isdigit():
            found = access.restrict(Institution.objects.all(), user).filter(pk=int(value)).first()
        institution = institution or found
        words = template % {"name": found.full_name} if found else NOT_IN_SCOPE % {"value": value}
        values[key] = ("单位", words)
    for key, label in ((AS_OF, "截至日期"), (SINCE, "起始日期")):
        value = str(params.get(key) or "").strip()
        if value:
            try:
                values[key] = (label, cn_date(parse_date(value)))
            except LedgerError:
                values[key] = (label, value)
    if institution is not None:
        scope = values[UNDER if UNDER in values else INSTITUTION][1]
    elif region is not None:
        scope = region.name
    else:
        scope = _scope_name(user)
    return ParamWords(scope, values)


def query_dict(params) -> dict:
    """A QueryDict (or any mapping) as a plain dict of its last values, for FilterSets and
    for storing an export's parameters."""
    if hasattr(params, "lists"):
        return {key: values[-1] for key, values in params.lists() if values}
    return dict(params)


class FakeRequest:
    """What the scoped filter choices (``scoped_institutions(request)``) read: the user."""

    def __init__(self, user):
        self.user = user


@register_filter_form
class LedgerFilterForm(forms.Form):
    """The 台账导出 page's filters: a region in scope, a unit in scope found by name (its whole
    subtree is exported), a cut-off date."""

    region_code = forms.ChoiceField(label="行政区划", required=False)
    under = forms.CharField(
        label="单位（含下属单位）",
        required=False,
        help_text="输入单位名称的一部分，从列表中选择；不选则为全部。",
        widget=InstitutionPicker(url_name="orgs:institution_picker"),
    )
    as_of = forms.DateField(
        label="截至日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        regions = access.restrict(Region.objects.all(), user).order_by("code")
        self.fields["region_code"].choices = [("", "全部")] + [
            (region.code, f"{region.name}（{region.code}）") for region in regions
        ]
