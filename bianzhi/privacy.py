"""Rule 14: who sees ID numbers (身份证号) in full, and what every masked output shows instead.

The one policy every page, export, as-of page, print view, PDF, JSON response and history view
goes through: ``policy_for(user, institution=...)`` gives an ``IdPolicy``, and the output shows
``policy.id_number(...)`` and ``policy.birth(...)`` (or runs its whole payload through
``policy.scrub(...)``). Who may see full numbers at all is the role table in
``bianzhi.access.may_see_full_id_number``; the policy adds the scope (a person or unit outside the
user's scope is never shown in full) and the birth-date rule: digits 7–14 of the number are the
birth date, so wherever the number is masked the birth date is shown as its year only.

Lists, searches and overviews mask numbers for everyone (``MASKED``), whatever the role.

A unit's clerk sees no full number anywhere, with one exception (``policy_for_entry``): the
change request it is drafting — its own unit's request, still a draft or returned for correction —
shows the clerk in full the numbers the clerk typed or reported, on the request's page, on its
item forms and on the submission's confirmation, so that a transposed digit that passes the
check digit can still be caught before it is reported. Nowhere else: once submitted (or approved,
or discarded) the same request is masked for the clerk, as are the request list, the history
pages and every export. Each full display is written to the access log, as for the office.
"""

import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from . import access

# The eight hidden characters: the birth date (digits 7–14).
HIDDEN = "*" * 8
# A full 18-character number inside any text (a history value, a reason, a JSON string).
ID_NUMBER_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[0-9Xx])(?![0-9A-Za-z])")
# Keys of structured payloads (certificate snapshots, request data, history of JSON fields).
ID_NUMBER_KEYS = frozenset({"id_number", "person__id_number"})
BIRTH_KEYS = frozenset({"birth", "birth_date", "person__birth_date"})
BIRTH_YEAR = "%(year)d年"
# The header of a masked export's birth column.
BIRTH_YEAR_HEADER = "出生年份"


def mask_id_number(number: str) -> str:
    """The first 6 and last 4 characters, eight asterisks between."""
    if len(number) < 10:
        return "*" * len(number)
    return f"{number[:6]}{HIDDEN}{number[-4:]}"


def _birth_year(value) -> int | None:
    """The year of a birth date given as a date or as text (``1990-01-02``, ``1990-01``)."""
    if isinstance(value, datetime.date):
        return value.year
    if isinstance(value, str) and re.match(r"^\d{4}", value):
        return int(value[:4])
    return None


@dataclass(frozen=True)
class IdPolicy:
    """How one output shows ID numbers and birth dates: in full, or masked with the birth year."""

    full: bool

    def id_number(self, number: str | None) -> str:
        if not number or self.full:
            return number or ""
        return mask_id_number(number)

    def birth(self, value):
        """The birth date as shown: the date itself, or its year (an int) where masked."""
        if value in (None, "") or self.full:
            return value
        return _birth_year(value)

    def birth_text(self, value) -> str:
        """The birth date as page text: ``1990-01-02`` in full, ``1990年`` where masked."""
        if value in (None, ""):
            return ""
        if self.full:
            return value.isoformat() if isinstance(value, datetime.date) else str(value)
        year = _birth_year(value)
        return BIRTH_YEAR % {"year": year} if year else ""

    def text(self, value: str) -> str:
        """Any free text with every full ID number in it masked."""
        if self.full or not value:
            return value
        return ID_NUMBER_IN_TEXT.sub(lambda m: f"{m.group(1)}{HIDDEN}{m.group(2)}", value)

    def field(self, name: str, value):
        """One named value (a model field, a payload key) as this policy shows it."""
        if name in ID_NUMBER_KEYS and isinstance(value, str):
            return self.id_number(value)
        if name in BIRTH_KEYS:
            return self.birth_text(value) if not self.full else value
        return self.scrub(value)

    def scrub(self, value):
        """A structured payload (dicts, lists, text) with ID numbers and birth dates shown as
        this policy allows; unchanged in full."""
        if self.full:
            return value
        if isinstance(value, dict):
            return {key: self.field(key, item) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return [self.scrub(item) for item in value]
        if isinstance(value, str):
            return self.text(value)
        return value


FULL = IdPolicy(full=True)
MASKED = IdPolicy(full=False)


def _in_scope(user, institution) -> bool:
    """Is the unit (or the region, for a unit-less person) inside the user's scope?"""
    scope = access.user_scope(user)
    if scope is None:
        return False
    region_id = getattr(institution, "region_id", None)
    if scope.role in access.REGION_ROLES:
        return region_id in scope.region_ids()
    return getattr(institution, "pk", None) in scope.institution_ids()


def may_see_full_id_numbers(user, *, institution=None) -> bool:
    """Rule 14: office roles, and partners explicitly allowed, see full numbers — of the people
    and units within their own scope (``institution``: the unit, or a person's region holder)."""
    if not access.may_see_full_id_number(user):
        return False
    return institution is None or _in_scope(user, institution)


def policy_for(user, *, institution=None) -> IdPolicy:
    """The policy of every output ``user`` opens (``institution``: the unit it is about)."""
    return FULL if may_see_full_id_numbers(user, institution=institution) else MASKED


def policy_for_entry(user, *, institution, drafting: bool) -> IdPolicy:
    """The policy of a change request's own pages (the request, its item forms, the submission's
    confirmation): the unit's clerk sees its own unit's numbers in full while ``drafting`` (the
    request is a draft or returned); everyone else as ``policy_for``."""
    if drafting and access.role_of(user) == access.Role.CLERK and _in_scope(user, institution):
        return FULL
    return policy_for(user, institution=institution)


def sees_refusals_in_full(user) -> bool:
    """Rule 14 / 规则 7: only the office learns where a person registered elsewhere is placed
    (the unit and quota type); a unit or its supervisor gets a neutral refusal."""
    return access.role_of(user) in access.OFFICE_ROLES


# --- look-ups of ID numbers outside the user's scope -----------------------------------------

ID_LOOKUPS_THROTTLED = (
    "一小时内身份证号核对未通过的次数过多（%(limit)d 次），请一小时后再试；如需办理，请联系编办。"
)
LOOKUP_WINDOW_SECONDS = 3600


def _lookup_key(user) -> str:
    return f"bianzhi:id-lookup-refusals:{user.pk}"


def lookups_throttled(user) -> bool:
    """Has the user had more refused look-ups of ID numbers outside their scope this hour than
    allowed? A unit could otherwise probe the registry number by number (rule 14)."""
    limit = settings.BIANZHI["ID_LOOKUP_REFUSALS_PER_HOUR"]
    return cache.get(_lookup_key(user), 0) >= limit


def count_refused_lookup(user) -> None:
    """One more refused look-up; the count starts its hour at the first refusal."""
    key = _lookup_key(user)
    if not cache.add(key, 1, timeout=LOOKUP_WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=LOOKUP_WINDOW_SECONDS)


def throttled_message() -> str:
    return ID_LOOKUPS_THROTTLED % {"limit": settings.BIANZHI["ID_LOOKUP_REFUSALS_PER_HOUR"]}
