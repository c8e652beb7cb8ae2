"""工作台 (the home page) per role: the direct links to each role's main jobs, and what the apps
put on it.

``orgs`` serves the page but may not import the apps above it, so each app declares its part in
``<app>/home.py`` (found by ``autodiscover`` at start-up, as ledgers are) as a subclass of
``Section`` registered with ``@register``:

- ``roles``: who gets it; ``order``: where it goes (low first);
- ``counters(user, today)``: figures, each linked to the list it counts (the filtered list);
- ``panel(user, today)``: a card of its own (a template and its context), or None.

A section computes only what its roles need, from the apps' selectors and cached figure sets, so
the page's queries do not grow with the number of units.
"""

import datetime
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.module_loading import autodiscover_modules

from . import access
from .access import ModelPermission, Permission, Role


@dataclass(frozen=True)
class Counter:
    """A figure on the home page. ``alert``: a non-zero value is something to deal with."""

    label: str
    value: int
    url: str
    hint: str = ""
    alert: bool = False


@dataclass(frozen=True)
class Panel:
    template_name: str
    context: dict = field(default_factory=dict)
    # Bootstrap column classes: half the width by default.
    width: str = "col-xl-6"


class Section:
    roles: frozenset = frozenset()
    order: int = 100

    def counters(self, user, today: datetime.date) -> list[Counter]:
        return []

    def panel(self, user, today: datetime.date) -> Panel | None:
        return None


SECTIONS: list[Section] = []


def register(section_class: type[Section]) -> type[Section]:
    if not any(type(section) is section_class for section in SECTIONS):
        SECTIONS.append(section_class())
        SECTIONS.sort(key=lambda section: section.order)
    return section_class


def autodiscover() -> None:
    autodiscover_modules("home")


# --- main jobs: at most two clicks from home (one to this link, one on the form) ---------------


@dataclass(frozen=True)
class Shortcut:
    """A direct link to a main job; ``primary`` marks the role's first job."""

    label: str
    url_name: str
    icon: str
    permission: Permission | ModelPermission | None = None
    scope_arg: str | None = None
    query: str = ""
    primary: bool = False

    def allows(self, user) -> bool:
        return self.permission is None or self.permission.allows(user)

    def url(self, user) -> str:
        args = [getattr(access.user_scope(user), self.scope_arg)] if self.scope_arg else []
        return reverse(self.url_name, args=args) + (f"?{self.query}" if self.query else "")


def _model(name: str, action: str) -> ModelPermission:
    return ModelPermission(name, action)


OFFICE_SHORTCUTS = (
    Shortcut(
        "编制调整",
        "staffing:adjustment_add",
        "bi-arrow-left-right",
        _model("staffing.Adjustment", access.Action.ADD),
        primary=True,
    ),
    Shortcut(
        "核发管理证",
        "certificates:certificate_issue",
        "bi-award",
        _model("certificates.Certificate", access.Action.ADD),
        primary=True,
    ),
    Shortcut(
        "开具用编通知单",
        "staffing:permit_add",
        "bi-ticket-perforated",
        _model("staffing.UsagePermit", access.Action.ADD),
    ),
    Shortcut(
        "入编登记",
        "people:entry_add",
        "bi-person-plus",
        _model("people.EstablishmentRecord", access.Action.ADD),
    ),
    Shortcut(
        "登记公示",
        "certificates:publicity_add",
        "bi-megaphone",
        _model("certificates.Publicity", access.Action.ADD),
    ),
    Shortcut("区域概况", "people:overview", "bi-clipboard-data", access.REGION_FIGURES),
)

SHORTCUTS: dict[Role, tuple[Shortcut, ...]] = {
    Role.OFFICE_ADMIN: OFFICE_SHORTCUTS,
    Role.OFFICE_STAFF: OFFICE_SHORTCUTS,
    Role.CLERK: (
        Shortcut(
            "新建申报",
            "people:request_add",
            "bi-plus-lg",
            _model("people.ChangeRequest", access.Action.ADD),
            primary=True,
        ),
        Shortcut(
            "本单位花名册",
            "people:unit_roster",
            "bi-people",
            _model("people.ChangeRequest", access.Action.ADD),
            scope_arg="institution_id",
        ),
        Shortcut(
            "本单位编制情况",
            "staffing:institution_establishment",
            "bi-pie-chart",
            scope_arg="institution_id",
        ),
        Shortcut("本单位变动申报", "people:request_list", "bi-send-check"),
    ),
    Role.REVIEWER: (
        Shortcut("待审核的申报", "people:notifications", "bi-inbox", primary=True),
        Shortcut("全部变动申报", "people:request_list", "bi-send-check"),
        Shortcut("报送督查", "people:supervision", "bi-alarm", access.SUPERVISION),
        Shortcut("实名制花名册", "people:person_list", "bi-people"),
    ),
    Role.PARTNER: (
        Shortcut("台账导出", "exports:index", "bi-download", primary=True),
        Shortcut("实名制花名册", "people:person_list", "bi-people"),
        Shortcut("机构名录", "orgs:institution_list", "bi-list-ul"),
        Shortcut("区域概况", "people:overview", "bi-clipboard-data", access.REGION_FIGURES),
        Shortcut("证书核验", "certificates:verify_lookup", "bi-qr-code-scan"),
    ),
}


def shortcuts_for(user) -> list[dict]:
    role = access.role_of(user)
    return [
        {"label": s.label, "url": s.url(user), "icon": s.icon, "primary": s.primary}
        for s in SHORTCUTS.get(role, ())
        if s.allows(user)
    ]


def home_for(user, today: datetime.date) -> dict:
    """What the user's home shows: shortcuts, counters and panels of the sections for its role."""
    role = access.role_of(user)
    sections = [section for section in SECTIONS if role in section.roles]
    counters = [counter for section in sections for counter in section.counters(user, today)]
    panels = [panel for section in sections if (panel := section.panel(user, today))]
    return {"shortcuts": shortcuts_for(user), "counters": counters, "panels": panels}


# --- partners: the search and the ledgers they read ---------------------------------------------


@register
class PartnerLedgers(Section):
    """A partner looks people and units up and reads ledgers: a search box and the ledgers it may
    export, each linked to its list page (where it filters and downloads)."""

    roles = frozenset({Role.PARTNER})
    order = 10

    def panel(self, user, today):
        from . import ledgers

        offered = [
            {"title": ledger.title, "url": reverse(ledger.list_url_name)}
            for ledger in ledgers.offered_to(user)
            if ledger.list_url_name
        ]
        return Panel("home/partner.html", {"ledgers": offered}, width="col-12")
