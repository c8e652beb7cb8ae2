"""Pages of the people app: the named roster, a person's page, the office's personnel changes
(入编, 出编, 调动, 任职, 免职, each confirmed with before → after figures), the region overview.
The units' change requests (变动申报) have their own pages in ``people.requests``."""

from .appointments import AppointmentEndView, AppointmentView
from .asof import InstitutionAsOfView
from .changes import EntryView, ExitView, TransferView
from .forecast import RetirementForecastView
from .imports import RosterImportView, RosterSwitchView, RosterTemplateView
from .inbox import NoticeOpenView, NoticesReadView, NotificationsView
from .overview import OverviewChartsView, OverviewDuplicatesView, OverviewView
from .reconciliation import InstitutionReconciliationView
from .roster import PersonDetailView, PersonHistoryView, PersonListView
from .supervision import SupervisionView
from .unit_roster import UnitRosterDownloadView, UnitRosterMarkedView, UnitRosterView

__all__ = [
    "AppointmentEndView",
    "AppointmentView",
    "EntryView",
    "ExitView",
    "InstitutionAsOfView",
    "InstitutionReconciliationView",
    "NoticeOpenView",
    "NoticesReadView",
    "NotificationsView",
    "OverviewChartsView",
    "OverviewDuplicatesView",
    "OverviewView",
    "PersonDetailView",
    "PersonHistoryView",
    "PersonListView",
    "RetirementForecastView",
    "RosterImportView",
    "RosterSwitchView",
    "RosterTemplateView",
    "SupervisionView",
    "TransferView",
    "UnitRosterDownloadView",
    "UnitRosterMarkedView",
    "UnitRosterView",
]
