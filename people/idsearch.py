"""Searching people by ID number (身份证号) when the numbers are encrypted at rest (people.idcrypto).

What can be found, and how, without decrypting anything:

- the whole number (18 characters, or a legacy 15-digit one): its blind index, unique;
- the parts every list shows in clear (rule 14's masked form): the masked number copied from a
  list (``110105********002X``) or its last four characters (``002X``), through the stored
  masked column and an index on its last four characters.

The middle eight digits are the birth date that masked outputs hide, so a search by them (or by any
other fragment) is refused with a message saying what to type instead: a search must not reveal
what the lists do not show.
"""

import re
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import CharField, F, Func, Q

from bianzhi import access_log
from bianzhi.models import AccessAction

from .idcrypto import blind_index, normalised
from .idnumbers import InvalidIdNumber, mask_id_number, parse_id_number


class IdNumberTail(Func):
    """The last four characters of the stored masked number (positions 15–18). The positions
    are written into the SQL, not bound as parameters, so that the query's expression is the
    index's and the database uses the index (SQLite matches expressions textually)."""

    template = "SUBSTR(%(expressions)s, 15, 4)"
    output_field = CharField()


# What the index on ``Person`` holds, and the alias a query filters on.
TAIL = IdNumberTail(F("id_number_masked"))
TAIL_ALIAS = "id_number_tail"
MASKED_FORM = re.compile(r"^(\d{6})\*{1,12}(\d{3}[0-9X])$")
TAIL_FORM = re.compile(r"^\d{3}[0-9X]$")

PARTIAL_NOT_SEARCHABLE = (
    "“%(query)s”不是可查询的身份证号：身份证号加密存储，只能按完整的 18 位号码、"
    "列表中显示的脱敏号码（如 110105********002X）或末 4 位（如 002X）查询；"
    "出生日期等中间部分在列表中不显示，也不能用于查询。"
)


class Form(StrEnum):
    FULL = "full"
    MASKED = "masked"
    TAIL = "tail"
    INVALID = "invalid"


@dataclass(frozen=True)
class IdQuery:
    """A search text read as an ID number: which form it is, the normalised value, and for an
    invalid one the message that says why nothing is found."""

    form: Form
    value: str
    message: str = ""

    @property
    def searchable(self) -> bool:
        return self.form != Form.INVALID

    @property
    def logged_as(self) -> str:
        """The query as the access log may keep it: never a whole number."""
        return mask_id_number(self.value) if self.form == Form.FULL else self.value[:30]


def looks_like_id_number(value: str) -> bool:
    """A search containing a digit is an ID number: names have none."""
    return any(character.isdigit() for character in value)


def read(query: str) -> IdQuery | None:
    """``query`` read as an ID number, or None when it is not one (no digit in it)."""
    if not looks_like_id_number(query):
        return None
    text = normalised(query).replace(" ", "").replace("＊", "*")
    if MASKED_FORM.match(text):
        return IdQuery(Form.MASKED, text)
    if TAIL_FORM.match(text):
        return IdQuery(Form.TAIL, text)
    if len(text) in (15, 18) and "*" not in text:
        try:
            return IdQuery(Form.FULL, parse_id_number(text).number)
        except InvalidIdNumber as error:
            return IdQuery(Form.INVALID, text, error.message)
    return IdQuery(Form.INVALID, text, PARTIAL_NOT_SEARCHABLE % {"query": query.strip()[:30]})


def condition(id_query: IdQuery, *, person: str = "") -> Q:
    """The filter of the people the query names; ``person``: the lookup from the queried model
    to the person (``"person__"`` from a record). The masked forms need ``with_tail`` first
    (``matching`` does both). Nothing for an invalid query."""
    if id_query.form == Form.FULL:
        return Q(**{f"{person}id_number_index": blind_index(id_query.value)})
    if id_query.form == Form.TAIL:
        return Q(**{TAIL_ALIAS: id_query.value})
    if id_query.form == Form.MASKED:
        match = MASKED_FORM.match(id_query.value)
        return Q(
            **{TAIL_ALIAS: match.group(2), f"{person}id_number_masked__startswith": match.group(1)}
        )
    return Q(pk__in=[])


def with_tail(queryset, *, person: str = ""):
    """``queryset`` with the indexed last four characters (``TAIL_ALIAS``) to filter on."""
    return queryset.alias(**{TAIL_ALIAS: IdNumberTail(F(f"{person}id_number_masked"))})


def matching(queryset, id_query: IdQuery, *, person: str = ""):
    """``queryset`` narrowed to the people ``id_query`` names."""
    if id_query.form in (Form.TAIL, Form.MASKED):
        queryset = with_tail(queryset, person=person)
    return queryset.filter(condition(id_query, person=person))


# The access log's label of an ID search that found nobody in scope, and of one that found more.
ID_SEARCH_NOT_FOUND = "（范围内未找到）"
ID_SEARCH_SEVERAL = "（多人）"


def log_search(request, id_query: IdQuery, found_names: list[str]) -> None:
    """访问日志 of a search by ID number (whole or part): who looked, the query as the log may
    keep it, and whom it found (``found_names``: the first names found, two are enough)."""
    if not found_names:
        label = ID_SEARCH_NOT_FOUND
    elif len(found_names) == 1:
        label = found_names[0]
    else:
        label = ID_SEARCH_SEVERAL
    access_log.record(request, action=AccessAction.ID_SEARCH, label=label, query=id_query.logged_as)
