"""Pages of establishment quotas for the office: the per-institution establishment page, adjustments,
usage permits, region totals and leadership quotas. Figures come from ``staffing.selectors``,
writes go through ``staffing.services``; a write that changes figures is first shown as before →
after and only the confirming re-post calls the service."""

from .adjustments import (
    AdjustmentAddView,
    AdjustmentDetailView,
    AdjustmentHistoryView,
    AdjustmentListView,
    AdjustmentPushDownView,
)
from .establishment import InstitutionEstablishmentView
from .imports import InstitutionsImportView, InstitutionsTemplateView
from .leadership import LeadershipHistoryView, LeadershipListView, LeadershipSetView
from .permits import (
    PermitAddView,
    PermitCancelView,
    PermitDetailView,
    PermitHistoryView,
    PermitListView,
    PermitPrintView,
)
from .pools import (
    LoanAddView,
    LoanListView,
    LoanReturnView,
    PoolDetailView,
    PoolListView,
    SpecialPermitAddView,
    SpecialQuotaAddView,
    SpecialQuotaListView,
)
from .push_down import PushDownTotalsView
from .structure import PostStructureSetView
from .timeline import InstitutionTimelineView
from .totals import RegionTotalSetView, RegionTotalsView

__all__ = [
    "AdjustmentAddView",
    "AdjustmentDetailView",
    "AdjustmentHistoryView",
    "AdjustmentListView",
    "AdjustmentPushDownView",
    "InstitutionEstablishmentView",
    "InstitutionTimelineView",
    "InstitutionsImportView",
    "InstitutionsTemplateView",
    "LeadershipHistoryView",
    "LeadershipListView",
    "LeadershipSetView",
    "LoanAddView",
    "LoanListView",
    "LoanReturnView",
    "PermitAddView",
    "PermitCancelView",
    "PermitDetailView",
    "PermitHistoryView",
    "PermitListView",
    "PermitPrintView",
    "PoolDetailView",
    "PoolListView",
    "PostStructureSetView",
    "PushDownTotalsView",
    "RegionTotalSetView",
    "RegionTotalsView",
    "SpecialPermitAddView",
    "SpecialQuotaAddView",
    "SpecialQuotaListView",
]
