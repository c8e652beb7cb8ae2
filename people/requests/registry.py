"""The kinds of change request, one ``RequestKindSpec`` each.

Every kind is one module of ``people.requests.kinds`` that builds its spec and ``register``s it;
``autodiscover`` (run by ``PeopleConfig.ready``) imports them all, so the services, the preview,
the forms and the pages look a kind up here (``spec_for``) instead of keeping a dictionary of
their own. A kind's value and label are its ``people.choices.RequestKind`` member (the model's
choices, hence its migrations).
"""

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

from ..choices import RequestKind


@dataclass(frozen=True)
class ItemNeed:
    """What each item of a kind must name (``record``, ``person`` or ``appointment``) and how the
    refusal calls it."""

    target: str
    label: str


@dataclass(frozen=True, eq=False)
class RequestKindSpec:
    """One kind of change request.

    - ``item_form``: the form that adds one item on the request's page (``item()`` gives the
      keywords of ``item_add``); None when items only come from an upload (花名册批量变动).
    - ``apply(item, request, approval)``: the registry's services the approval calls.
    - ``measure(item, on)``: the figures the kind touches beyond the quota lines and the permit an
      item names (for the preview's before → after).
    - ``describe(row, item, names, full_id_numbers)``: what an item proposes, as the page shows it.
    - ``item_kinds``: a batch whose items each carry one of these kinds and are checked, applied
      (in ``application_order``) and shown as requests of that kind would be.
    """

    kind: str
    help_text: str = ""
    label: str = ""
    item_form: type | None = None
    needs: ItemNeed | None = None
    apply: Callable | None = None
    measure: Callable | None = None
    describe: Callable | None = None
    # 证明材料 must be filled in before submitting; 核准文件 before approving.
    evidence_required: bool = False
    document_required: bool = False
    # 用编申请: the office records its investigation and opinion; approval sets the permit's expiry.
    office_notes: bool = False
    issues_permit: bool = False
    # Offered on 新建申报 (a roster batch is made by the unit's roster upload only).
    creatable: bool = True
    # Several people in one request: the item form offers "保存并继续".
    several_items: bool = False
    # An approved item made the record it results in / ended the record it names (reconciliation).
    creates_record: bool = False
    ends_record: bool = False
    # A change of institution, quota or people: reported within the reporting period (rule 9,
    # counted in the timeliness statistics) and shown on the certificate's change pages. A
    # 用编申请 changes none of them (it asks for a permit): no reporting clock, no certificate page.
    has_reporting_clock: bool = True
    changes_registry: bool = True
    item_kinds: tuple[str, ...] = ()
    application_order: int = 0
    badge_css: str = "text-bg-info"
    # How the request's page speaks of its items.
    items_heading: str = "申报人员"
    item_noun: str = "人员"
    item_add_label: str = "添加人员"
    names_people: bool = True

    def __post_init__(self):
        if not self.label:
            object.__setattr__(self, "label", RequestKind(self.kind).label)

    def needs_evidence(self, request) -> bool:
        """A batch carries evidence when any of its items' kinds does."""
        if self.item_kinds:
            kinds = [kind for kind in self.item_kinds if spec_for(kind).evidence_required]
            return request.items.filter(kind__in=kinds).exists()
        return self.evidence_required


_SPECS: dict[str, RequestKindSpec] = {}
_discovered = False


def register(spec: RequestKindSpec) -> RequestKindSpec:
    if _SPECS.get(spec.kind, spec) is not spec:
        raise ImproperlyConfigured(f"Change-request kind {spec.kind!r} is registered twice.")
    _SPECS[spec.kind] = spec
    return spec


def unregister(kind: str) -> None:
    """For tests that register a kind of their own."""
    _SPECS.pop(kind, None)


def autodiscover() -> None:
    global _discovered
    from . import kinds

    for module in pkgutil.iter_modules(kinds.__path__):
        importlib.import_module(f"{kinds.__name__}.{module.name}")
    _discovered = True


def spec_for(kind: str) -> RequestKindSpec:
    if kind not in _SPECS and not _discovered:
        autodiscover()
    try:
        return _SPECS[kind]
    except KeyError:
        raise ImproperlyConfigured(f"No change-request kind {kind!r} is registered.") from None


def _order(spec: RequestKindSpec) -> tuple[int, str]:
    values = RequestKind.values
    return (values.index(spec.kind) if spec.kind in values else len(values), spec.kind)


def every() -> list[RequestKindSpec]:
    """Every registered kind, in the order of ``RequestKind``."""
    if not _discovered:
        autodiscover()
    return sorted(_SPECS.values(), key=_order)


def labels(predicate: Callable[[RequestKindSpec], bool]) -> str:
    """The kinds ``predicate`` holds for, as the forms' help names them: 出编、调动、信息更正."""
    return "、".join(spec.label for spec in every() if predicate(spec))


def kinds_where(predicate: Callable[[RequestKindSpec], bool]) -> list[str]:
    """The values of the kinds ``predicate`` holds for, for a query's ``kind__in``."""
    return [spec.kind for spec in every() if predicate(spec)]


def kinds_without_reporting_clock() -> list[str]:
    """Kinds outside the reporting deadline's statistics (rule 9)."""
    return kinds_where(lambda spec: not spec.has_reporting_clock)


def kinds_not_changing_registry() -> list[str]:
    """Kinds that change neither institution, quota nor people: not certificate changes."""
    return kinds_where(lambda spec: not spec.changes_registry)
