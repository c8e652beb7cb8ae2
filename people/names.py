"""The one cleaning every person's name gets wherever it is entered (the entry form, the services
through ``Person.clean``, the roster imports): invisible characters removed, so that
``张\\u200b三\\u202e`` is 张三 and the duplicate-name list and the name check on a registered ID
number see the same name."""

import unicodedata


def clean_name(value: str | None) -> str:
    """NFKC (full-width letters, compatibility ideographs, the ideographic space), without format
    and control characters (zero-width spaces and joiners, bidi overrides and isolates, BOM, soft
    hyphen), inner whitespace collapsed to one space, trimmed."""
    text = unicodedata.normalize("NFKC", value or "")
    text = "".join(
        char for char in text if unicodedata.category(char) not in {"Cf", "Cc"} or char in "\t\n\r"
    )
    return " ".join(text.split())
