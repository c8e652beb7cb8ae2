"""自查 (rule 22): the registry of standing checks, each one small registered definition.

A check declares its ``code`` (used in URLs), the ``rules`` it re-checks (domain.md §3), a
``title``, what fixes a breach (``fix``), and ``find(user, today)``: the breaches it finds now in
what ``user`` may see, as ``Breach`` rows, from a fixed number of grouped queries whatever the
number of rows (never a query per row). The definitions live in ``checks.establishment`` and
``checks.personnel`` and register with ``@register``; the order of registration is the page's.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Breach:
    """One object that breaks a rule now: where it is, what it is, and what is wrong with it."""

    check: "Check"
    institution_id: int | None
    institution_name: str
    subject: str  # a person's name, a quota line, a permit number, a unit
    url: str  # the page of the object, where it is fixed
    detail: str

    @property
    def rule_label(self) -> str:
        return self.check.rule_label

    @property
    def title(self) -> str:
        return self.check.title

    @property
    def fix(self) -> str:
        return self.check.fix

    @property
    def code(self) -> str:
        return self.check.code


class Check:
    code: str = ""
    rules: tuple[int, ...] = ()
    title: str = ""
    fix: str = ""

    @property
    def rule_label(self) -> str:
        return "规则 " + "、".join(str(number) for number in self.rules)

    def find(self, user, today: datetime.date) -> list[Breach]:
        raise NotImplementedError

    def breach(self, *, institution, subject: str, url: str, detail: str) -> Breach:
        return Breach(
            check=self,
            institution_id=institution.pk if institution is not None else None,
            institution_name=institution.full_name if institution is not None else "",
            subject=subject,
            url=url,
            detail=detail,
        )


_registry: dict[str, Check] = {}


def register(check_class: type[Check]) -> type[Check]:
    _registry[check_class.code] = check_class()
    return check_class


def every() -> list[Check]:
    return list(_registry.values())


def get(code: str) -> Check | None:
    return _registry.get(code)


# What an app above checks adds to each row of the 自查 page (e.g. the 问题台账's one-click
# 登记问题), without checks importing it: a factory given the request and the page's breaches,
# returning the HTML of one breach's cell. Registered from the app's ``AppConfig.ready``.
RowAction = Callable[[object, list[Breach]], Callable[[Breach], str]]
_row_actions: list[RowAction] = []


def register_row_action(factory: RowAction) -> RowAction:
    if factory not in _row_actions:
        _row_actions.append(factory)
    return factory


def row_actions() -> list[RowAction]:
    return list(_row_actions)
