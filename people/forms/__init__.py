"""Forms of the office's personnel pages (入编, 出编, 调动, 任职, 免职). The units' change requests
(变动申报) build their item forms on these, in ``people.requests``.

They collect and check input within the user's scope; every rule that spans rows (permits,
vacancies, one active record per person, leadership counts) is left to ``people.services``, whose
refusals the views show on these forms before anything is written.
"""

from .appointments import AppointmentEndForm, AppointmentForm
from .records import EntryForm, ExitForm, TransferForm

__all__ = [
    "AppointmentEndForm",
    "AppointmentForm",
    "EntryForm",
    "ExitForm",
    "TransferForm",
]
