"""Header rows as units write them: columns named by their header text or a customary alias
(身份证号码, 公民身份号码 for 身份证号), a note in brackets after the header (身份证号（18位）),
two header rows (a merged group header 入编情况 over its sub-headers 进入方式/入编时间/入编文号),
and the footer lines under the table (填表人：…, 审核人：…, 联系电话：…) where the data ends."""

import re
from dataclasses import dataclass

_SPACES = re.compile(r"\s+")
_WIDTH = str.maketrans({"（": "(", "）": ")", "：": ":", "＊": "*"})


def normalise_header(text) -> str:
    """Header text as matched: no spaces or line breaks, half-width brackets, no required-mark
    asterisk (the templates mark required columns with ``*``)."""
    if text is None:
        return ""
    return _SPACES.sub("", str(text)).translate(_WIDTH).strip("*")


# A note in brackets after a header: 身份证号（18位）, 出生日期(年月日), 姓名【必填】.
_HEADER_NOTE = re.compile(r"[(\[【〔][^()\[\]【】〔〕]*[)\]】〕]$")


@dataclass(frozen=True)
class Column:
    header: str
    required: bool = False
    aliases: tuple[str, ...] = ()  # other headers units use for the column: 身份证号码, 出生年月

    @property
    def key(self) -> str:
        return normalise_header(self.header)

    @property
    def keys(self) -> list[str]:
        return [self.key, *(normalise_header(alias) for alias in self.aliases)]


def known_headers(columns: list[Column]) -> dict[str, Column]:
    """Every header text (each column's own and its aliases) → its column."""
    return {key: column for column in reversed(columns) for key in reversed(column.keys)}


def column_of(key: str, known: dict[str, Column]) -> Column | None:
    """The column a normalised header names, as written or without notes in brackets after it
    (the declared header itself may hold brackets: 事业编制(全额拨款))."""
    while key:
        if key in known:
            return known[key]
        bare = _HEADER_NOTE.sub("", key).strip("*")
        if bare == key:
            return None
        key = bare
    return None


def header_hits(keys: list[str], known: dict[str, Column]) -> int:
    return len({column.header for key in keys if (column := column_of(key, known))})


def _grouped(group: list[str], sub: list[str]) -> list[str]:
    """Two header rows read as one: a sub-header where there is one, else the cell above (a
    header merged over both rows keeps its text in the upper cell)."""
    width = max(len(group), len(sub))
    return [
        (sub[i] if i < len(sub) else "") or (group[i] if i < len(group) else "")
        for i in range(width)
    ]


def locate_header(
    seen: list[tuple[int, list[str]]], best: int, known
) -> tuple[int, list[str], int]:
    """The header row, or the pair of rows (a group header over sub-headers) naming more
    declared columns than the best single row: its last row number, its keys and hits."""
    number, keys = seen[best]
    found = (number, keys, header_hits(keys, known))
    for upper in (best - 1, best):
        if upper < 0 or upper + 1 >= len(seen):
            continue
        (top, group), (bottom, sub) = seen[upper], seen[upper + 1]
        if bottom != top + 1:
            continue
        merged = _grouped(group, sub)
        hits = header_hits(merged, known)
        if hits > found[2]:
            found = (bottom, merged, hits)
    return found


# The lines under a table that units fill in and sign: "填表人：张三  审核人：李四".
FOOTER_LABELS = (
    "填表人",
    "填报人",
    "制表人",
    "审核人",
    "复核人",
    "单位负责人",
    "负责人",
    "分管领导",
    "联系人",
    "联系电话",
    "填表日期",
    "填报日期",
    "制表日期",
    "填表时间",
    "报送日期",
    "单位(盖章)",
    "单位盖章",
    "注",
    "说明",
    "备注",
)
# These start a footer line even without a colon (填表人张三); the others need one
# (负责人 alone may be someone's 职务).
_SIGNERS = ("填表人", "填报人", "制表人", "审核人", "复核人", "单位负责人")
_FOOTER = re.compile(
    rf"^(?:(?:{'|'.join(map(re.escape, FOOTER_LABELS))})[:：]|(?:{'|'.join(_SIGNERS)}))"
)


def is_footer(values) -> bool:
    """A footer line: its first filled cell starts with a footer label (填表人, 审核人：…)."""
    first = next((value for value in values if value is not None and value != ""), None)
    if not isinstance(first, str):
        return False
    return bool(_FOOTER.match(_SPACES.sub("", first).translate(_WIDTH)))
