"""What every ledger is filtered by: the region (by code), an institution and everything below it,
and the cut-off date (截至日期), each checked against the user's scope; and the subtitle row that
names them. The ledgers themselves live where their data does (staffing, people)."""

import datetime
from dataclasses import dataclass

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from bianzhi import access
from bianzhi.ledgers import LedgerError, Subtitle, cn_date, parse_date, register_filter_form

from .choices import Status
from .models import Institution, Region

REGION_NOT_FOUND = "您的范围内没有区划代码为“%(code)s”的行政区划。"
INSTITUTION_NOT_FOUND = "您的范围内没有编号为“%(pk)s”的机构。"
AS_OF_IN_FUTURE = "截至日期不能晚于今天。"

# The parameters every ledger understands (the command line's --region, --institution, --as-of).
REGION_CODE = "region_code"
UNDER = "under"
AS_OF = "as_of"


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
    """The 台账导出 page's filters: a region in scope, a supervising unit in scope (its subtree),
    a cut-off date. Only units with subordinate units are offered (a city has thousands of
    units but a few hundred such departments); any unit can be given by number on the list
    pages and the command line."""

    region_code = forms.ChoiceField(label="行政区划", required=False)
    under = forms.ChoiceField(label="主管部门（含下属单位）", required=False)
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
        parents = (
            access.restrict(Institution.objects.filter(status=Status.ACTIVE), user)
            .filter(children__isnull=False)
            .distinct()
            .order_by("region__code", "sort_order", "full_name")
        )
        self.fields["under"].choices = [("", "全部")] + [
            (str(institution.pk), institution.full_name) for institution in parents
        ]
