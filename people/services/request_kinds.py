"""Kept for ``people.imports.unit_roster``, which another change reworks: the receiving permit
lives in ``people.requests.approval`` now. Remove once nothing imports it from here."""

from ..requests.approval import receiving_permit

__all__ = ["receiving_permit"]
