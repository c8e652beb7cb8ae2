"""A year's 经费核定 rows as the cache holds them (funding.figures): packed into one integer
array and two lists of names, so that a city's year (7,800 rows) unpickles in a few milliseconds,
where as many tuples or dicts took the garbage collector hundreds; a page unpacks only its rows."""

from array import array
from collections.abc import Sequence
from operator import add

from staffing.choices import EstablishmentType, FundingForm

from .selectors import FundingRow

TYPE_CODES = ("", *EstablishmentType.values)
FORM_CODES = ("", *FundingForm.values)
# Per row: institution, sort order, region, type, funding as registered, funding as budgeted,
# person-months, special person-months; then 核定, 实有, 专项 of the twelve months.
HEAD = 8
WIDTH = HEAD + 36


class YearFigures:
    """A year's ``FundingRow``s packed: ``numbers`` holds ``WIDTH`` integers per row,
    ``names`` and ``region_names`` its texts; ``row(index)`` unpacks one."""

    def __init__(self, rows):
        self.names = [row.institution_name for row in rows]
        regions = {}
        self.region_names = [regions.setdefault(row.region_name, row.region_name) for row in rows]
        numbers = array("q")
        for row in rows:
            numbers.extend(
                (
                    row.institution_id,
                    row.sort_order,
                    row.region_id,
                    TYPE_CODES.index(row.establishment_type),
                    FORM_CODES.index(row.line_funding_form),
                    FORM_CODES.index(row.funding_form),
                    row.person_months,
                    row.special_months,
                    *row.approved,
                    *row.occupied,
                    *row.special,
                )
            )
        self.numbers = numbers
        # The totals of every row, the unfiltered page's 合计, summed once when computed.
        self.grand_totals = None
        self.grand_totals = Rows(self, list(range(len(self)))).totals()

    def __len__(self) -> int:
        return len(self.names)

    def row(self, index: int) -> FundingRow:
        n = self.numbers
        start = index * WIDTH
        figures = start + HEAD
        return FundingRow(
            institution_id=n[start],
            institution_name=self.names[index],
            sort_order=n[start + 1],
            region_id=n[start + 2],
            region_name=self.region_names[index],
            establishment_type=TYPE_CODES[n[start + 3]],
            line_funding_form=FORM_CODES[n[start + 4]],
            funding_form=FORM_CODES[n[start + 5]],
            approved=tuple(n[figures : figures + 12]),
            occupied=tuple(n[figures + 12 : figures + 24]),
            special=tuple(n[figures + 24 : figures + 36]),
            person_months=n[start + 6],
            average=round(n[start + 6] / 12, 1),
            special_months=n[start + 7],
        )

    def select(
        self,
        *,
        region_ids=None,
        institution_ids=None,
        establishment_type="",
        funding_form="",
        within: "Rows | None" = None,
    ) -> "Rows":
        """The rows (of ``within``, if given) matching every filter given (None or "": any)."""
        n = self.numbers
        kind = TYPE_CODES.index(establishment_type) if establishment_type else None
        form = FORM_CODES.index(funding_form) if funding_form else None
        indices = range(len(self)) if within is None else within.indices
        chosen = [
            index
            for index in indices
            for start in (index * WIDTH,)
            if (institution_ids is None or n[start] in institution_ids)
            and (region_ids is None or n[start + 2] in region_ids)
            and (kind is None or n[start + 3] == kind)
            and (form is None or n[start + 5] == form)
        ]
        return Rows(self, chosen)


class Rows(Sequence):
    """Some rows of a ``YearFigures``, unpacked when read (a page, or the ledger's every row)."""

    def __init__(self, figures: YearFigures, indices: list[int]):
        self.figures = figures
        self.indices = indices

    def __len__(self) -> int:
        return len(self.indices)

    def __getitem__(self, item):
        if isinstance(item, slice):
            return [self.figures.row(index) for index in self.indices[item]]
        return self.figures.row(self.indices[item])

    def totals(self) -> dict:
        """``totals`` of these rows, summed on the packed array."""
        if self.figures.grand_totals is not None and len(self.indices) == len(self.figures):
            return self.figures.grand_totals
        n = self.figures.numbers
        sums = [0] * (WIDTH - HEAD)
        person_months = special_months = 0
        for index in self.indices:
            start = index * WIDTH
            person_months += n[start + 6]
            special_months += n[start + 7]
            sums = list(map(add, sums, n[start + HEAD : start + WIDTH]))
        return {
            "approved": sums[:12],
            "occupied": sums[12:24],
            "special": sums[24:],
            "person_months": person_months,
            "special_months": special_months,
            "average": round(person_months / 12, 1),
            "count": len(self.indices),
        }
