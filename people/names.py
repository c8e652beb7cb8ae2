"""The one cleaning every person's name gets wherever it is entered (the entry form, the services
through ``Person.clean``, the roster imports): invisible characters removed, so that
``张\\u200b三\\u202e`` is 张三, and no space inside a name written in Chinese characters, so that
``王\\u3000华`` (a full-width space typed to line names up) is 王华; the duplicate-name list, the
search and the name check on a registered ID number then see the same name."""

import re
import unicodedata

# The separator of minority names (阿依古丽·买买提) as input methods and fonts type it.
MIDDLE_DOTS = str.maketrans(dict.fromkeys("\u2022\u2027\u2219\u22c5\u30fb\uff65", "\u00b7"))
# A CJK ideograph (the unified blocks and extensions) or the middle dot.
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f\u00b7"
_SPACE_BY_HAN = re.compile(rf"(?<=[{_HAN}]) | (?=[{_HAN}])")


def clean_name(value: str | None) -> str:
    """NFKC (full-width letters, compatibility ideographs, the ideographic space), without format
    and control characters (zero-width spaces and joiners, bidi overrides and isolates, BOM, soft
    hyphen), inner whitespace collapsed to one space and dropped next to a Chinese character or
    the middle dot (kept between Latin name parts: ``Ali Hasan``), middle-dot look-alikes as ·,
    trimmed."""
    text = unicodedata.normalize("NFKC", value or "")
    text = "".join(
        char for char in text if unicodedata.category(char) not in {"Cf", "Cc"} or char in "\t\n\r"
    )
    text = " ".join(text.translate(MIDDLE_DOTS).split())
    return _SPACE_BY_HAN.sub("", text)
