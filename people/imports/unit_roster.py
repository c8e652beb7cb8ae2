"""A unit's roster round trip: the clerk downloads the unit's roster, edits it offline and
uploads it; the upload becomes change requests (变动申报) for the office to approve, never a
silent overwrite.

The rows are compared with the unit's active records: a row whose person is not in the unit is
an add (入编), a row whose values differ is a correction (信息更正), an active record missing from
the file is an exit (出编). One upload makes ONE roster batch request (花名册批量变动) whose
items each carry their own kind (入编, 信息更正, 出编) and are approved together, all or nothing;
the clerk completes the evidence and submits it. ID numbers are masked in the clerk's download (rule 14): a masked
row is matched to the unit's person with that masked number (and the name where two share it).
Any error, or any item the request services refuse, writes nothing.

Every proposed exit is named (in the result and in the request's items), and the clerk gives
each one its reason (出编原因, ``exit_reasons``; 其他 where none is given). With
``confirm_exits`` (the upload page) an exit without a reason drafts nothing: the exits are listed
(``exits_to_confirm``) for the clerk to choose each reason and confirm. A file made before the
unit's last registry change is refused unless the clerk confirms it (``unit_roster_stamp``), and
a person who already has an open request is reported, never requested twice.
"""

import itertools

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from bianzhi import access
from bianzhi.excel.reader import as_text
from bianzhi.excel.report import ImportResult, RowError
from bianzhi.imports.pipeline import Importer, SheetSpec
from orgs.models import Institution

from .. import idcrypto
from ..choices import EndReason, RequestKind
from ..idnumbers import InvalidIdNumber, parse_id_number
from ..models import EstablishmentRecord, Person
from ..names import clean_name
from ..requests.approval import receiving_permit
from ..rules import active_record_of
from ..services import item_add, request_create
from . import roster_cells as cells
from . import roster_format as f
from .roster import DUPLICATE_IN_FILE, Lookups, parse_person, parse_placement
from .roster_cells import choice, date, text
from .unit_roster_checks import is_stale, open_requests, read_stamp, unit_last_change
from .unit_roster_download import unit_records, unit_roster_workbook  # noqa: F401 (the API)

KIND = "本单位花名册"
OTHER_UNIT = "“%(name)s”不是本单位；只能上传本单位（%(unit)s）的人员。"
MASK_UNKNOWN = "身份证号“%(masked)s”对不上本单位的在编人员；新进人员请填写完整的身份证号。"
MASK_AMBIGUOUS = (
    "本单位有多人的身份证号脱敏后为“%(masked)s”，且姓名也无法区分，请填写完整身份证号。"
)
ACTIVE_ELSEWHERE = "该身份证号的人员已在其他单位在编；调入本单位请由调出单位申报调动。"
NOTHING_CHANGED = "上传的花名册与系统中的记录一致，没有需要申报的变动。"
ENTRY_FIELDS_IGNORED = "第%(row)d行：入编时间、进入方式、入编文号不能通过信息更正修改，已忽略。"
ENTRY_DATE_USED = "新进人员的入编时间按申报的发生日期 %(date)s 办理，与表中不同的请在申报中核对。"
EXITS_PROPOSED = "以下 %(count)d 名在编人员不在上传的花名册中，将按出编申报：%(names)s。"
EXITS_TO_CONFIRM = "请逐人选择出编原因后确认，确认后才生成申报草稿。"
STALE_FILE = (
    "上传的花名册生成于 %(generated)s，此后本单位的实名库已有变动（最近一次 %(changed)s）："
    "按旧名册申报，会把其后入编的人员报为出编、把其后更正的信息改回。"
    "请重新下载本单位花名册后修改再上传；确认仍按此名册申报的，请勾选“仍按此名册申报”后重新上传。"
)
STALE_EXITS = "按此名册将申报出编 %(count)d 人：%(names)s。"
STALE_UNDATED = "（未标明生成时间）"
STALE_CONFIRMED = (
    "经办人已确认：上传的花名册生成于 %(generated)s，早于本单位实名库最近一次变动"
    "（%(changed)s），仍按此名册申报。"
)
PENDING_SKIPPED = (
    "%(name)s 已有未办结的变动申报（%(number)s），本次不再重复申报；"
    "如需变更请在该申报中办理，或待其办结后再上传。"
)
REFUSED = "%(message)s"
PERSON_COMPARED = (
    "name",
    "ethnicity",
    "political_status",
    "education",
    "degree",
    "work_started_on",
    "professional_title",
)
REASON_NAMES = 20  # exits named in the request's 事由
RECORD_COMPARED = ("quota_line", "department", "post_category", "person_category", "job_title")


SHEET = SheetSpec(f.COLUMNS)


class UnitRosterImporter(Importer):
    """Rows are matched with the unit's active records; what differs becomes one draft request."""

    kind = KIND
    sheets = (SHEET,)
    batch_prefix = "SC"

    def __init__(
        self,
        *,
        institution: Institution,
        confirm_stale: bool = False,
        exit_reasons: dict[int, str] | None = None,
        confirm_exits: bool = False,
        **options,
    ):
        super().__init__(**options)
        actor = options["actor"]
        if (
            access.role_of(actor) != access.Role.CLERK
            or not access.restrict(Institution.objects.filter(pk=institution.pk), actor).exists()
        ):
            raise PermissionDenied("只有本单位经办人可以上传本单位花名册。")
        self.institution = institution
        self.today = timezone.localdate()
        self.confirm_stale = confirm_stale
        self.exit_reasons = exit_reasons or {}
        self.confirm_exits = confirm_exits
        self.exits_to_confirm: list[EstablishmentRecord] = []
        self.generated = self.cut_off = None

    def _locate(self, workbook) -> list:
        """Also read the title rows above the header: when the file was made."""
        located = super()._locate(workbook)
        if self.result.header_row > 1:
            rows = workbook.worksheets[0].rows()
            header_row = self.result.header_row
            titles = [
                values for _, values in itertools.takewhile(lambda r: r[0] < header_row, rows)
            ]
            self.generated, self.cut_off = read_stamp(titles)
        return located

    def begin(self) -> None:
        self.records = list(unit_records(self.institution))
        self.by_id = {r.person.id_number: r for r in self.records}
        self.by_mask: dict[str, list] = {}
        for record in self.records:
            self.by_mask.setdefault(record.person.masked_id_number, []).append(record)
        self.lookups = Lookups({self.institution.region_id})
        self.seen: set[int] = set()
        self.first_row_of: dict[str, int] = {}
        self.adds, self.corrections, self.exits = [], [], []
        self.pending = open_requests(self.institution)
        self.skipped: list[str] = []

    def validate_row(self, sheet, number, row) -> None:
        unit = as_text(row.get(f.UNIT))
        if unit != self.institution.full_name:
            name = unit or "（空）"
            self.error(number, f.UNIT, OTHER_UNIT % {"name": name, "unit": self.institution})
            return
        record = self.match(number, row)
        if record is False:
            return
        if record is None:
            self.add(number, row)
        else:
            self.compare(number, row, record)

    def check_file(self, valid) -> None:
        result = self.result
        missing = [record for record in self.records if record.pk not in self.seen]
        self.exits = [
            record for record in missing if not self._pending(record.person.name, record.person)
        ]
        result.written = {
            "入编": len(self.adds),
            "信息更正": len(self.corrections),
            "出编": len(self.exits),
        }
        result.notices.extend(self.skipped)
        if result.errors:
            return
        if not self._check_age():
            return
        if not any(result.written.values()):
            result.notices.append(NOTHING_CHANGED)
        elif self.exits:
            result.notices.append(
                EXITS_PROPOSED % {"count": len(self.exits), "names": _names(self.exits)}
            )
            if self.confirm_exits:
                self.exits_to_confirm = [r for r in self.exits if r.pk not in self.exit_reasons]
            if self.exits_to_confirm and not self.dry_run:
                result.notices.append(EXITS_TO_CONFIRM)

    def _check_age(self) -> bool:
        """A file made before the unit's last registry change is refused unless confirmed."""
        last_change = unit_last_change(self.institution)
        if not is_stale(self.generated, self.cut_off, last_change):
            return True
        if self.generated is not None:
            generated = timezone.localtime(self.generated).strftime("%Y-%m-%d %H:%M:%S")
        elif self.cut_off is not None:
            generated = self.cut_off.isoformat()
        else:
            generated = STALE_UNDATED
        values = {
            "generated": generated,
            "changed": timezone.localtime(last_change).strftime("%Y-%m-%d %H:%M:%S"),
        }
        if self.confirm_stale:
            self.result.notices.append(STALE_CONFIRMED % values)
            return True
        message = STALE_FILE % values
        if self.exits:
            message += STALE_EXITS % {"count": len(self.exits), "names": _names(self.exits)}
        self.error(0, "", message)
        return False

    def _pending(self, name: str, person: Person | None, id_number: str = "") -> bool:
        """A person with an open request elsewhere is reported and left out (never requested
        twice)."""
        number = self.pending.get(
            person.pk if person is not None else idcrypto.blind_index(id_number)
        )
        if number is None:
            return False
        self.skipped.append(PENDING_SKIPPED % {"name": name, "number": number})
        return True

    def wants_write(self, valid) -> bool:
        """Something to request, and every exit's reason given by the clerk."""
        return any(self.result.written.values()) and not self.exits_to_confirm

    def write(self, valid) -> None:
        request = _draft(self, self.exits, self.actor, self.result)
        if self.result.ok:
            self.result.requests = [request]

    def match(self, number, row) -> EstablishmentRecord | bool | None:
        """The record a row is about; None for a new person; False when it cannot be told."""
        raw = cells.id_number_text(row.get(f.ID_NUMBER))
        if raw is None:
            return None  # a number that lost digits: parse_person reports it
        if "*" in raw:
            candidates = self.by_mask.get(raw, [])
            if len(candidates) > 1:
                name = clean_name(as_text(row.get(f.NAME)))
                candidates = [c for c in candidates if c.person.name == name]
            if len(candidates) != 1:
                message = MASK_AMBIGUOUS if self.by_mask.get(raw) else MASK_UNKNOWN
                self.error(number, f.ID_NUMBER, message % {"masked": raw})
                return False
            return candidates[0]
        try:
            return self.by_id.get(parse_id_number(raw).number)
        except InvalidIdNumber:
            return None  # parse_person reports it

    def _once(self, number, id_number) -> bool:
        first = self.first_row_of.setdefault(id_number, number)
        if first != number:
            self.error(number, f.ID_NUMBER, DUPLICATE_IN_FILE % {"row": first})
            return False
        return True

    def add(self, number, row) -> None:
        errors = self.result.errors
        before = len(errors)
        person = parse_person(row, errors, number, self.today)
        birth = person["birth_date"] if person else None
        placement = parse_placement(
            row, errors, number, self.institution, self.lookups, self.today, birth
        )
        if person is None or len(errors) > before or not self._once(number, person["id_number"]):
            return
        registered = Person.objects.by_id_number(person["id_number"]).first()
        # Rule 7, told without naming the other unit, which the clerk may not see.
        if registered and active_record_of(registered) is not None:
            self.error(number, f.ID_NUMBER, ACTIVE_ELSEWHERE)
            return
        if self._pending(person["name"], registered, person["id_number"]):
            return
        self.adds.append((number, person, placement, registered))

    def compare(self, number, row, record) -> None:
        errors = self.result.errors
        before = len(errors)
        person = record.person
        if not self._once(number, person.id_number):
            return
        values = {
            "name": cells.name(row, errors, number),
            "ethnicity": choice(row, f.ETHNICITY, errors, number),
            "political_status": choice(row, f.POLITICAL_STATUS, errors, number),
            "education": choice(row, f.EDUCATION, errors, number),
            "degree": choice(row, f.DEGREE, errors, number),
            "work_started_on": date(
                row, f.WORK_STARTED_ON, errors, number, birth=person.birth_date, today=self.today
            ),
            "professional_title": text(row, f.PROFESSIONAL_TITLE, errors, number),
        }
        placement = parse_placement(
            row, errors, number, self.institution, self.lookups, self.today, person.birth_date
        )
        self.seen.add(record.pk)
        if len(errors) > before:
            return
        person_changes = {
            name: _json(value)
            for name, value in values.items()
            if value not in (None, "") and value != getattr(person, name)
        }
        new_record = {
            "quota_line": placement["line"].pk,
            "department": placement["department_id"],
            "post_category": placement["post_category"],
            "person_category": placement["person_category"],
            "job_title": placement["job_title"],
        }
        current = {
            "quota_line": record.quota_line_id,
            "department": record.department_id,
            "post_category": record.post_category,
            "person_category": record.person_category,
            "job_title": record.job_title,
        }
        record_changes = {k: v for k, v in new_record.items() if v != current[k]}
        entry_changed = (
            placement["entry_on"] != record.entry_on
            or placement["entry_way"] != record.entry_way
            or placement["entry_document"]
            != (record.entry_document.number if record.entry_document_id else "")
        )
        if entry_changed:
            self.result.notices.append(ENTRY_FIELDS_IGNORED % {"row": number})
        if (person_changes or record_changes) and not self._pending(person.name, person):
            self.corrections.append(
                (number, record, {"person": person_changes, "record": record_changes})
            )


def _names(records, limit: int | None = None) -> str:
    """The people's names; with ``limit``, the first ones and how many in all (a request's
    事由 has a length limit; its items name everyone)."""
    names = [record.person.name for record in records]
    if limit is not None and len(names) > limit:
        return "、".join(names[:limit]) + f"等 {len(names)} 人"
    return "、".join(names)


def _json(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def _entry_data(person: dict, placement: dict, on) -> dict:
    line = placement["line"]
    permit = receiving_permit(line, on)
    return {
        "quota_line": line.pk,
        "permit": permit.pk if permit else None,
        "department": placement["department_id"],
        "post_category": placement["post_category"],
        "person_category": placement["person_category"],
        "job_title": placement["job_title"],
        "entry_way": placement["entry_way"],
        "new_person": {
            name: _json(value) for name, value in person.items() if value not in (None, "")
        },
    }


def unit_roster_upload(
    *,
    file,
    institution: Institution,
    actor,
    dry_run: bool = False,
    limits=None,
    confirm_stale: bool = False,
    exit_reasons: dict[int, str] | None = None,
) -> ImportResult:
    """Compare an uploaded roster with the unit's records and draft one roster batch request.
    ``confirm_stale``: the clerk confirms a file made before the unit's last registry change;
    ``exit_reasons``: the 出编原因 of proposed exits by record pk (其他 where not given)."""
    importer = UnitRosterImporter(
        institution=institution,
        actor=actor,
        dry_run=dry_run,
        limits=limits,
        confirm_stale=confirm_stale,
        exit_reasons=exit_reasons,
    )
    return importer.run(file)


def _draft(upload: UnitRosterImporter, exits, actor, result: ImportResult):
    """One roster batch (花名册批量变动) holding every add, correction and exit found."""
    today = upload.today
    errors = []
    occurred = today
    if upload.adds:
        occurred = min(placement["entry_on"] for _, _, placement, _ in upload.adds)
        if any(placement["entry_on"] != occurred for _, _, placement, _ in upload.adds):
            result.notices.append(ENTRY_DATE_USED % {"date": occurred.isoformat()})
    counts = [f"{label} {count} 人" for label, count in result.written.items() if count]
    if exits:
        counts[-1] += f"（{_names(exits, limit=REASON_NAMES)}）"
    request = request_create(
        institution=upload.institution,
        kind=RequestKind.ROSTER,
        occurred_on=occurred,
        reason=f"本单位花名册上传（批次 {result.batch}）：" + "，".join(counts),
        actor=actor,
    )

    def add_item(number, kind, **item):
        try:
            item_add(request=request, actor=actor, kind=kind, **item)
        except ValidationError as error:
            errors.extend(RowError(number, "", message) for message in error.messages)

    for number, person, placement, registered in upload.adds:
        data = _entry_data(person, placement, occurred)
        if registered is not None:
            data.pop("new_person")
            add_item(number, RequestKind.ENTRY, data=data, person=registered)
        else:
            add_item(
                number,
                RequestKind.ENTRY,
                data=data,
                person_name=person["name"],
                id_number=person["id_number"],
            )
    for number, record, data in upload.corrections:
        add_item(number, RequestKind.CORRECTION, data=data, record=record, person=record.person)
    for record in exits:
        reason = upload.exit_reasons.get(record.pk, EndReason.OTHER.value)
        data = {"end_reason": reason, "ended_on": today.isoformat()}
        add_item(0, RequestKind.EXIT, data=data, record=record)
    result.errors.extend(errors)
    return request
