"""Reading the pages the test client gets back: table rows as text, a form's error messages."""

from html.parser import HTMLParser


class TableParser(HTMLParser):
    """Every table of a page as rows of cell texts."""

    def __init__(self):
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in {"td", "th"}:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in {"td", "th"} and self._cell is not None and self.tables:
            self.tables[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def rows(response) -> list[list[str]]:
    """The rows of every table of the page, each as its cells' texts."""
    parser = TableParser()
    parser.feed(response.content.decode())
    return [row for table in parser.tables for row in table]


def row_starting(response, first: str) -> list[str]:
    found = [row for row in rows(response) if row and row[0] == first]
    assert found, f"no row starts with {first!r}"
    return found[0]


def errors_of(response, field: str | None = None) -> str:
    """The messages of the page's form: all of them, or one field's."""
    form = response.context["form"]
    if field is None:
        return " ".join(str(message) for messages in form.errors.values() for message in messages)
    return " ".join(form.errors.get(field, []))
