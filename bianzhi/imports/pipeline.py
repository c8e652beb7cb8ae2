"""The one import pipeline every workbook import runs on.

An import is one ``Importer`` subclass that declares its sheets (columns matched by header text,
``bianzhi.excel.reader``) and fills four hooks:

- ``begin()``: read once what validation needs (lookups), after the headers are found;
- ``validate_row(sheet, number, row)``: check one row with the same rule functions the services
  use, add its errors (``self.error``) and return what ``write`` needs (None for a refused row);
- ``check_file(valid)``: checks across rows (a key repeated in the file, already registered);
  an error here stops the import before anything is written;
- ``write(valid)``: write through the services inside one transaction and return the counts.

``run(file)`` does the rest: hostile-file checks (``bianzhi.excel.safety``), missing and unknown
columns, all or nothing (any error rolls the whole transaction back), the dry run, the batch name
every history reason cites (rule 13), the error workbook (``error_workbook``), progress every
``progress_every`` rows, and the time limit (``deadline``, on ``clock``): past it the import stops
with ``ImportTimedOut`` and, being one transaction, writes nothing. A long ``write`` hook calls
``tick()`` now and then so that the limit stops it too.

An import whose refusals only the services can find (the institutions import creates parents
before children) sets ``rehearse``: it writes even when some rows were refused, collecting every
refusal, and rolls everything back on any error or in a dry run, so that a dry run reports what
it would write.
"""

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from bianzhi.excel.reader import (
    BLANK_RUN,
    STOPPED_AT_BLANK_ROWS,
    Column,
    locate,
    open_workbook,
    rows_of,
    worksheet,
)
from bianzhi.excel.report import ImportResult, RowError, marked_workbook
from bianzhi.excel.safety import UnsafeWorkbook

MISSING_COLUMNS = "缺少必填列：%(columns)s"
UNKNOWN_COLUMNS = "有无法识别的列（已忽略）：%(columns)s"
CHANGED_MEANWHILE = "导入期间数据已被其他操作修改（%(error)s），未写入任何数据，请重新导入。"
VALIDATED = "已校验 %(rows)d 行"
WRITING = "校验通过，正在写入……"
PROGRESS_EVERY = 10_000
# Read through the module so that tests can move time on.
clock = time.monotonic


class ImportTimedOut(Exception):
    """The import ran past its ``deadline``; nothing was written."""


def new_batch(prefix: str) -> str:
    """The name of one import batch, e.g. RY20261201203356-1a2b, written into every history
    reason of the rows it writes."""
    return f"{prefix}{timezone.localtime():%Y%m%d%H%M%S}-{secrets.token_hex(2)}"


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: a key of the valid rows
class SheetSpec:
    """One worksheet an import reads."""

    columns: list[Column]
    name: str | None = None  # the worksheet's title; None (or not found): the first worksheet
    optional: bool = False  # a named sheet that may be absent, then skipped
    label: str = ""  # put before the column of this sheet's errors, e.g. "内设机构表"
    headers: list[str] = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "headers", [column.header for column in self.columns])

    def column(self, header: str) -> str:
        return f"{self.label} {header}".strip() if self.label else header


class _RollBack(Exception):
    pass


class Importer:
    """Base of every workbook import; see the module's docstring for the hooks."""

    kind = ""
    sheets: tuple[SheetSpec, ...] = ()  # the first is the main sheet (result and error workbook)
    batch_prefix = ""
    rehearse = False
    progress_every = PROGRESS_EVERY

    def __init__(
        self,
        *,
        actor,
        dry_run: bool = False,
        limits=None,
        batch: str = "",
        progress: Callable[[str], None] | None = None,
        deadline: float | None = None,
    ):
        self.actor = actor
        self.dry_run = dry_run
        self.limits = limits
        self.batch = batch
        self.progress = progress
        self.deadline = deadline
        self.result = ImportResult(kind=self.kind, headers=list(self.main.headers), dry_run=dry_run)

    @property
    def main(self) -> SheetSpec:
        return self.sheets[0]

    @classmethod
    def job_kwargs(cls, actor, options: dict) -> dict:
        """The keywords of a background import (``bianzhi.imports.jobs``) for ``actor``, from the
        options its page stored (JSON: ids and texts, never objects)."""
        return dict(options)

    # --- hooks ------------------------------------------------------------------------------------

    def begin(self) -> None:
        pass

    def validate_row(self, sheet: SheetSpec, number: int, row: dict):
        return row

    def check_file(self, valid: dict[SheetSpec, list]) -> None:
        pass

    def open_file(self, file):
        """The workbook to read (``UnsafeWorkbook`` for a refused file): an .xlsx; an import that
        takes other files too (the payroll's CSV) returns an object with the same interface."""
        return open_workbook(file, self.limits)

    def wants_write(self, valid: dict[SheetSpec, list]) -> bool:
        """False when the file holds nothing to write (it is then reported, not written)."""
        return True

    def write(self, valid: dict[SheetSpec, list]) -> dict[str, int] | None:
        raise NotImplementedError

    # --- helpers for the hooks --------------------------------------------------------------------

    def tick(self) -> None:
        """Stop with ``ImportTimedOut`` once past the deadline (the caller's transaction rolls
        back)."""
        if self.deadline is not None and clock() > self.deadline:
            raise ImportTimedOut

    def error(self, number: int, column: str, message: str, sheet: SheetSpec | None = None):
        column = sheet.column(column) if sheet is not None else column
        self.result.errors.append(RowError(number, column, message))

    def service_errors(self, error: ValidationError, number: int, columns: dict, sheet=None):
        """A service's refusal on the cells that hold the refused fields (``columns``: model field
        → column); messages not tied to a field go to the row."""
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                for message in ValidationError(errors).messages:
                    self.error(number, columns.get(name, ""), message, sheet)
        else:
            for message in error.messages:
                self.error(number, "", message, sheet)

    # --- the pipeline -----------------------------------------------------------------------------

    def run(self, file) -> ImportResult:
        """Validate ``file`` and, unless ``dry_run`` or any error, write it all in one transaction."""
        result = self.result
        try:
            workbook = self.open_file(file)
        except UnsafeWorkbook as error:
            result.errors.append(RowError(0, "", error.message))
            return result
        try:
            located = self._locate(workbook)
            if result.errors:
                return result
            self.begin()
            valid = {spec: self._validate(spec, sheet) for spec, sheet in located}
        except UnsafeWorkbook as error:
            result.errors = [RowError(0, "", error.message)]
            return result
        finally:
            workbook.close()
        before = len(result.errors)
        self.tick()
        self.check_file(valid)
        file_refused = len(result.errors) > before
        if file_refused or (result.errors and not self.rehearse):
            return self._sorted(result)
        if (self.dry_run and not self.rehearse) or not self.wants_write(valid):
            return self._sorted(result)
        self._write(valid)
        return self._sorted(result)

    def _locate(self, workbook) -> list:
        located = []
        for spec in self.sheets:
            ws = worksheet(workbook, spec.name) if spec.name else None
            if ws is None:
                if spec.optional:
                    continue
                ws = workbook.worksheets[0]
            sheet = locate(ws, spec.columns)
            if spec is self.main:
                self.result.header_row = sheet.header_row
            if sheet.unknown:
                columns = "、".join(sheet.unknown)
                self.result.notices.append(f"{spec.label}{UNKNOWN_COLUMNS % {'columns': columns}}")
            if sheet.missing:
                message = MISSING_COLUMNS % {"columns": "、".join(sheet.missing)}
                self.error(sheet.header_row, "", message, spec)
            located.append((spec, sheet))
        return located

    def _validate(self, spec: SheetSpec, sheet) -> list:
        valid = []
        for number, row in sheet.rows:
            if spec is self.main:
                self.result.rows += 1
                if self.progress and self.result.rows % self.progress_every == 0:
                    self.progress(VALIDATED % {"rows": self.result.rows})
            self.tick()
            value = self.validate_row(spec, number, row)
            if value is not None:
                valid.append(value)
        if sheet.stopped_at is not None:
            notice = STOPPED_AT_BLANK_ROWS % {"row": sheet.stopped_at, "blank": BLANK_RUN}
            self.result.notices.append(f"{spec.label}{notice}")
        return valid

    def _write(self, valid) -> None:
        result = self.result
        result.batch = self.batch or new_batch(self.batch_prefix)
        if self.progress and not self.dry_run:
            self.progress(WRITING)
        try:
            with transaction.atomic():
                self.tick()
                written = self.write(valid)
                self.tick()
                if written is not None:
                    result.written = written
                if result.errors or self.dry_run:
                    raise _RollBack
        except _RollBack:
            pass
        except ValidationError as error:
            self.service_errors(error, 0, {})
        except IntegrityError as error:
            result.errors.append(
                RowError(0, "", CHANGED_MEANWHILE % {"error": type(error).__name__})
            )
        if result.errors:
            result.written = {}

    def _sorted(self, result: ImportResult) -> ImportResult:
        """Errors by sheet, then by row (a stable sort: a row's errors keep their order)."""
        labels = [spec.label for spec in self.sheets if spec.label]

        def rank(error: RowError) -> tuple:
            sheet = next(
                (i for i, label in enumerate(labels, 1) if error.column.startswith(label)), 0
            )
            return sheet, error.row

        result.errors.sort(key=rank)
        return result

    # --- the error workbook -----------------------------------------------------------------------

    @classmethod
    def error_workbook(cls, file, result: ImportResult, limits=None) -> bytes:
        """The main sheet's rows that have errors, each bad cell marked (``marked_workbook``)."""
        file.seek(0)
        try:
            rows = list(rows_of(file, cls.sheets[0].columns, cls.sheets[0].name, limits))
        except UnsafeWorkbook:
            rows = []
        return marked_workbook(result, rows)
