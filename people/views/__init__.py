"""Pages of the people app: the named roster, a person's page, the office's personnel changes
(入编, 出编, 调动, 任职, 免职, each confirmed with before → after figures) and the region overview."""

from .appointments import AppointmentEndView, AppointmentView
from .changes import EntryView, ExitView, TransferView
from .overview import OverviewView
from .roster import PersonDetailView, PersonHistoryView, PersonListView

__all__ = [
    "AppointmentEndView",
    "AppointmentView",
    "EntryView",
    "ExitView",
    "OverviewView",
    "PersonDetailView",
    "PersonHistoryView",
    "PersonListView",
    "TransferView",
]
