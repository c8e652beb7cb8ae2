"""Writing a scheme and its indicators (rule 36): only while no evaluation uses it — a scheme in
use is adjusted by copying it to a new version (一年一调整), so finished results keep the
indicators they were scored on."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from bianzhi.history import save_tracked

from ..models import Indicator, Scheme
from .evaluations import OFFICE_ONLY, is_office

SCHEME_IN_USE = "“%(scheme)s”已用于评估考核，不能再修改指标；请“调整为新版本”后修改。"


def _check(user, scheme: Scheme) -> None:
    if not is_office(user):
        raise PermissionDenied(OFFICE_ONLY)
    if scheme.pk and scheme.evaluations.exists():
        raise ValidationError(SCHEME_IN_USE % {"scheme": scheme})


@transaction.atomic
def scheme_save(*, scheme: Scheme, user) -> Scheme:
    """建立或修改指标体系 (its name, grade lines and A quota)."""
    if not is_office(user):
        raise PermissionDenied(OFFICE_ONLY)
    if scheme.pk and scheme.evaluations.exists():
        # The grade lines of a scheme in use are part of its results.
        raise ValidationError(SCHEME_IN_USE % {"scheme": scheme})
    reason = "修改指标体系" if scheme.pk else "建立指标体系"
    return save_tracked(scheme, actor=user, reason=reason)


@transaction.atomic
def indicator_save(*, indicator: Indicator, user) -> Indicator:
    """增加或修改指标 of a scheme not yet in use."""
    scheme = Scheme.objects.select_for_update(of=("self",)).get(pk=indicator.scheme_id)
    _check(user, scheme)
    reason = f"修改指标：{indicator.name}" if indicator.pk else f"增加指标：{indicator.name}"
    return save_tracked(indicator, actor=user, reason=reason)
