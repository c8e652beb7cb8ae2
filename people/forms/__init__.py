"""Forms of the office's personnel pages (入编, 出编, 调动, 任职, 免职) and of the units' change
requests (变动申报: the request, its items per kind, and the decisions on it).

They collect and check input within the user's scope; every rule that spans rows (permits,
vacancies, one active record per person, leadership counts) is left to ``people.services``, whose
refusals the views show on these forms before anything is written.
"""

from .appointments import AppointmentEndForm, AppointmentForm
from .records import EntryForm, ExitForm, TransferForm
from .request_corrections import CorrectionItemForm
from .request_items import (
    AppointmentItemForm,
    DismissalItemForm,
    EntryItemForm,
    ExitItemForm,
    PermitItemForm,
    TransferItemForm,
)
from .requests import (
    ApproveForm,
    ConfirmForm,
    NoteForm,
    RequestCreateForm,
    RequestEditForm,
    ReturnForm,
    ReviewForm,
)

__all__ = [
    "AppointmentEndForm",
    "AppointmentForm",
    "AppointmentItemForm",
    "ApproveForm",
    "ConfirmForm",
    "CorrectionItemForm",
    "DismissalItemForm",
    "EntryForm",
    "EntryItemForm",
    "ExitForm",
    "ExitItemForm",
    "NoteForm",
    "PermitItemForm",
    "RequestCreateForm",
    "RequestEditForm",
    "ReturnForm",
    "ReviewForm",
    "TransferForm",
    "TransferItemForm",
]
