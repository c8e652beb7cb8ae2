"""The 自查 report: every registered check run over what the user may see, today."""

import datetime
from dataclasses import dataclass

from . import registry
from .registry import Breach, Check


@dataclass(frozen=True)
class CheckResult:
    check: Check
    breaches: list[Breach]

    @property
    def count(self) -> int:
        return len(self.breaches)


def report(user, today: datetime.date, *, only: str | None = None) -> list[CheckResult]:
    """One result per check (just ``only`` when it names one), in the registry's order."""
    checks = registry.every()
    if only:
        checks = [check for check in checks if check.code == only]
    return [CheckResult(check, check.find(user, today)) for check in checks]


def breaches(results: list[CheckResult]) -> list[Breach]:
    return [breach for result in results for breach in result.breaches]


def counts(user, today: datetime.date) -> dict[str, int]:
    """How many breaches each check finds (code → count)."""
    return {result.check.code: result.count for result in report(user, today)}
