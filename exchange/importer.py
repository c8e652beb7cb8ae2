"""导入下级数据包: a lower instance's package written into this one, region by region (rules 49–50).

The package mirrors the lower region's registry at its as-of date; the import makes this
instance's rows of that region equal to it. One transaction per package: a refusal or an error
leaves nothing behind. Rows are matched by their natural key (region code, document number, ID
number) or by the lower instance's id, remembered in ``ExchangeKey``; a row whose values are
unchanged is not written, so a second import of the same package writes no history. What the
region had here and the package no longer carries is ended as of the package's date (records,
appointments) or deleted when nothing refers to it any more (docs/exchange.md).

Every write goes through django-simple-history's bulk utilities, naming the importing user, the
reason and the package (history_document), dated at the end of the package's day when that is
already past: the city's figures as of that day are then the county's.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from bianzhi.history import attribute
from orgs.models import ApprovalDocument, Institution, Region
from people.asof import end_of_day
from people.choices import EndReason, RecordStatus
from people.models import EstablishmentRecord, Person

from .choices import JobKind, JobState
from .models import ExchangeKey, PackageJob
from .package import TABLE_LABELS, TABLES, Package
from .tables import DOCUMENT, PERSON, REF, REGION, SPECS, VALUE

UNKNOWN_REGION = "本系统没有数据包所属的行政区划（代码 %(code)s），请先登记该区划（规则 50）。"
NOT_BELOW = "数据包属于%(region)s，不在您管辖的下级区划内，不能导入（规则 50）。"
FOREIGN_ROW = "数据包的%(table)s中有属于区划 %(code)s 的行，该区划不在%(region)s范围内；数据包只能写入本区划的数据，已拒绝导入（规则 50）。"
FOREIGN_REGION = "数据包中的区划 %(code)s 在本系统中不属于%(region)s，已拒绝导入（规则 50）。"
FOREIGN_INSTITUTION = "数据包中的机构“%(name)s”的统一社会信用代码 %(credit_code)s 在本系统中属于%(other)s的机构，已拒绝导入（规则 50）。"
FOREIGN_PERSON = "数据包中的人员 %(name)s（%(id_number)s）在本系统中在%(other)s在编，须先导入其调出区划的数据包（规则 50）。"
OLDER_PACKAGE = (
    "%(region)s已导入截至 %(done)s 的数据包，不能再导入截至 %(date)s 的更早数据包（规则 49）。"
)
FUTURE_PACKAGE = "数据包的数据截止日期 %(date)s 晚于今天，已拒绝导入（规则 49）。"
BROKEN_REFERENCE = "数据包的%(table)s中第 %(line)d 行引用的%(what)s不在数据包中，数据包不完整，已拒绝导入（规则 49）。"
INVALID_ROWS = "数据包的%(table)s不能写入：%(error)s。已拒绝导入，本次没有写入任何数据。"
# A reference to a row of the same table written in this import's second pass (a unit whose
# parent is new): a new row starts without it, an existing row keeps what it has meanwhile.
PENDING = object()

# The same row already here though never imported (registered by hand, or the instance that
# wrote the package): matched on these attributes the first time a source id is seen.
SAME_ROW = {
    "departments": ("institution_id", "name"),
    "quota_lines": ("institution_id", "establishment_type", "funding_form"),
    "adjustments": ("document_id", "region_id", "effective_on", "kind", "summary"),
    "adjustment_lines": (
        "adjustment_id",
        "institution_id",
        "establishment_type",
        "funding_form",
        "pool_purpose",
        "delta",
    ),
    "leadership_quotas": ("institution_id", "department_id", "post_kind", "post_title"),
    "records": ("person_id", "quota_line_id", "entry_on"),
    "appointments": ("person_id", "quota_id", "started_on"),
    "certificates": ("institution_id", "number", "edition"),
}
REASON = "导入下级数据包（%(region)s，截至 %(date)s）"
GONE_DESTINATION = "下级数据包不再包含"


@dataclass
class Outcome:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    ended: Counter = field(default_factory=Counter)
    deleted: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    kept: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "created": dict(self.created),
            "updated": dict(self.updated),
            "ended": dict(self.ended),
            "deleted": dict(self.deleted),
            "skipped": dict(self.skipped),
            "kept": self.kept,
        }

    @property
    def writes(self) -> int:
        return sum(
            sum(counter.values())
            for counter in (self.created, self.updated, self.ended, self.deleted)
        )


def package_region(pkg: Package, *, user_scope=None) -> Region:
    """The region the package belongs to, which must lie below the importing office's (rule 50)."""
    region = Region.objects.filter(code=pkg.region_code).first()
    if region is None:
        raise ValidationError(UNKNOWN_REGION % {"code": pkg.region_code})
    if user_scope is not None and (
        region.pk not in user_scope.region_ids() or region.pk == user_scope.region_id
    ):
        raise ValidationError(NOT_BELOW % {"region": region.name})
    return region


def check_date(pkg: Package, region: Region) -> None:
    """Rule 49: no package dated after today, none older than one already imported."""
    if pkg.as_of > timezone.localdate():
        raise ValidationError(FUTURE_PACKAGE % {"date": pkg.as_of})
    newer = (
        PackageJob.objects.filter(
            kind=JobKind.IMPORT, status=JobState.DONE, region=region, as_of__gt=pkg.as_of
        )
        .order_by("-as_of")
        .first()
    )
    if newer is not None:
        raise ValidationError(
            OLDER_PACKAGE % {"region": region.name, "done": newer.as_of, "date": pkg.as_of}
        )


class Importer:
    def __init__(self, pkg: Package, *, region: Region, actor):
        self.pkg = pkg
        self.region = region
        self.actor = actor
        self.day = pkg.as_of
        stamp = end_of_day(self.day) - datetime.timedelta(microseconds=1)
        self.history_date = min(timezone.now(), stamp)
        self.reason = REASON % {"region": region.name, "date": self.day.isoformat()}
        self.label = f"数据包 {region.code} {self.day.isoformat()}"
        self.outcome = Outcome()
        self.region_ids = set(region.subtree_ids())
        self.codes = dict(Region.objects.filter(pk__in=self.region_ids).values_list("code", "pk"))
        self.documents: dict[str, int] = {}
        self.persons: dict[str, int] = {}
        self.maps: dict[str, dict[int, int]] = defaultdict(dict)
        self.seen: dict[str, set] = defaultdict(set)
        self.keys: dict[str, dict[int, int]] = defaultdict(dict)
        for table, source_id, object_id in ExchangeKey.objects.filter(region=region).values_list(
            "table", "source_id", "object_id"
        ):
            self.keys[table][source_id] = object_id

    # --- writing ------------------------------------------------------------------------------

    def _history(self) -> dict:
        return {
            "default_user": self.actor,
            "default_change_reason": self.reason,
            "default_date": self.history_date,
            "custom_historical_attrs": {"history_document": self.label},
        }

    def _attribute(self, instance):
        attribute(instance, actor=self.actor, reason=self.reason, document=self.label)
        instance._history_date = self.history_date
        return instance

    def _create(self, table, objects):
        if not objects:
            return []
        created = bulk_create_with_history(objects, SPECS[table].model, **self._history())
        self.outcome.created[table] += len(created)
        return created

    def _update(self, table, objects, fields):
        if not objects:
            return
        bulk_update_with_history(objects, SPECS[table].model, sorted(fields), **self._history())
        self.outcome.updated[table] += len(objects)

    # --- values -------------------------------------------------------------------------------

    def _values(self, table: str, line: int, row: dict) -> dict:
        """{attribute name: value} of one package row, references resolved to our ids."""
        spec = SPECS[table]
        values = {}
        for column in spec.columns:
            raw = row.get(column.name)
            if column.kind == VALUE:
                model_field = (
                    None
                    if column.field == "id_number"
                    else spec.model._meta.get_field(column.field)
                )
                values[column.field] = model_field.to_python(raw) if model_field else raw
                continue
            attname = f"{column.field}_id"
            if raw is None:
                values[attname] = None
            elif column.kind == REGION:
                values[attname] = self._region_id(table, raw)
            elif column.kind == DOCUMENT:
                values[attname] = self._resolve(self.documents, raw, table, line, "批准文件")
            elif column.kind == PERSON:
                values[attname] = self._resolve(self.persons, raw, table, line, "人员")
            elif column.kind == REF:
                pending = column.table == table and raw not in self.maps[table]
                values[attname] = (
                    PENDING
                    if pending
                    else self._resolve(self.maps[column.table], raw, table, line, column.table)
                )
        return values

    def _region_id(self, table: str, code: str) -> int:
        if code not in self.codes:
            raise ValidationError(
                FOREIGN_ROW % {"table": _label(table), "code": code, "region": self.region.name}
            )
        return self.codes[code]

    def _resolve(self, mapping, key, table, line, what):
        if key not in mapping:
            raise ValidationError(
                BROKEN_REFERENCE
                % {"table": _label(table), "line": line, "what": _label(what) or what}
            )
        return mapping[key]

    @staticmethod
    def _current(obj, attname):
        return obj.id_number if attname == "id_number" else getattr(obj, attname)

    @staticmethod
    def _db_fields(attname) -> list[str]:
        if attname == "id_number":
            return ["id_number_encrypted", "id_number_index", "id_number_masked"]
        return [attname.removesuffix("_id") if attname.endswith("_id") else attname]

    def _upsert(self, table: str, rows, existing: dict, extra: dict | None = None):
        """Create the rows ``existing`` does not have (key → object), update those that differ.
        Returns [(key, object)] for the created ones."""
        model = SPECS[table].model
        new, new_keys, changed, fields = [], [], [], set()
        for line, (key, row) in enumerate(rows, start=1):
            values = self._values(table, line, row)
            obj = existing.get(key)
            if obj is None:
                obj = model(**(extra or {}))
                for attname, value in values.items():
                    setattr(obj, attname, None if value is PENDING else value)
                new.append(obj)
                new_keys.append(key)
                continue
            differing = [
                attname
                for attname, value in values.items()
                if value is not PENDING and self._current(obj, attname) != value
            ]
            if differing:
                for attname in differing:
                    setattr(obj, attname, values[attname])
                    fields.update(self._db_fields(attname))
                changed.append(obj)
        self._update(table, changed, fields)
        created = self._create(table, new)
        return list(zip(new_keys, created, strict=True))

    # --- tables -------------------------------------------------------------------------------

    def regions(self):
        """The package's own region is ours already; the regions below it may be new."""
        pending = [row for row in self.pkg.rows("regions") if row["code"] != self.region.code]
        known = {
            region.code: region
            for region in Region.objects.filter(code__in=[row["code"] for row in pending])
        }
        for code, region in known.items():
            if region.pk not in self.region_ids:
                raise ValidationError(FOREIGN_REGION % {"code": code, "region": self.region.name})
        while pending:
            ready = [row for row in pending if row["parent_code"] in self.codes]
            if not ready:
                raise ValidationError(
                    FOREIGN_REGION % {"code": pending[0]["code"], "region": self.region.name}
                )
            created = self._upsert("regions", [(row["code"], row) for row in ready], known)
            for code, region in created:
                self.codes[code] = region.pk
                self.region_ids.add(region.pk)
            pending = [row for row in pending if row not in ready]

    def documents_table(self):
        rows = self.pkg.rows("documents")
        existing = ApprovalDocument.objects.in_bulk(
            [row["number"] for row in rows], field_name="number"
        )
        ours, foreign = {}, []
        for row in rows:
            document = existing.get(row["number"])
            if document is not None and document.region_id not in self.region_ids:
                # Another region's document (the city's own, say): cited, never rewritten.
                self.documents[row["number"]] = document.pk
                foreign.append(row["number"])
                continue
            if row["region_code"] not in self.codes:
                row = {**row, "region_code": self.region.code}
            ours[row["number"]] = row
        created = self._upsert(
            "documents",
            list(ours.items()),
            {number: existing[number] for number in ours if number in existing},
        )
        for number in ours:
            if number in existing:
                self.documents[number] = existing[number].pk
        for number, document in created:
            self.documents[number] = document.pk
        self.outcome.skipped["documents"] += len(foreign)

    def people(self):
        rows = self.pkg.rows("people")
        existing = {
            person.id_number: person
            for person in Person.objects.by_id_numbers([row["id_number"] for row in rows])
        }
        outside = [p.pk for p in existing.values() if p.region_id not in self.region_ids]
        if outside:
            held = (
                EstablishmentRecord.objects.filter(person__in=outside, status=RecordStatus.ACTIVE)
                .exclude(quota_line__institution__region__in=self.region_ids)
                .select_related("person", "quota_line__institution__region")
                .first()
            )
            if held is not None:
                raise ValidationError(
                    FOREIGN_PERSON
                    % {
                        "name": held.person.name,
                        "id_number": held.person.masked_id_number,
                        "other": held.quota_line.institution.region.name,
                    }
                )
        created = self._upsert("people", [(row["id_number"], row) for row in rows], existing)
        for number, person in existing.items():
            self.persons[number] = person.pk
        for number, person in created:
            self.persons[number] = person.pk

    def _first_seen(self, table: str, rows: list[dict]) -> dict[int, object]:
        """Objects this instance already holds for rows it has never imported: the same unit
        registered here by hand, matched by its credit code or active name."""
        found = {}
        if table == "institutions":
            claimed = set(self.keys[table].values())
            for row in rows:
                match = None
                if row["credit_code"]:
                    match = Institution.objects.filter(credit_code=row["credit_code"]).first()
                    if match is not None and match.region_id not in self.region_ids:
                        raise ValidationError(
                            FOREIGN_INSTITUTION
                            % {
                                "name": row["full_name"],
                                "credit_code": row["credit_code"],
                                "other": match.region.name,
                            }
                        )
                if match is None:
                    # An abolished unit keeps its name: the one in the same state first.
                    named = Institution.objects.filter(
                        region_id=self._region_id(table, row["region_code"]),
                        full_name=row["full_name"],
                    ).exclude(pk__in=claimed)
                    match = (
                        named.filter(status=row["status"]).order_by("pk").first()
                        or named.order_by("pk").first()
                    )
                if match is not None:
                    claimed.add(match.pk)
                    found[row["id"]] = match
        elif table in SAME_ROW:
            fields = SAME_ROW[table]
            claimed = set(self.keys[table].values())
            wanted = {}
            for line, row in enumerate(rows, start=1):
                values = self._values(table, line, row)
                wanted.setdefault(tuple(values[f] for f in fields), row["id"])
            candidates = (
                SPECS[table]
                .model._default_manager.filter(**{f"{fields[0]}__in": {key[0] for key in wanted}})
                .exclude(pk__in=claimed)
            )
            for obj in candidates.order_by("pk"):
                source_id = wanted.pop(tuple(getattr(obj, f) for f in fields), None)
                if source_id is not None:
                    found[source_id] = obj
        return found

    def by_source_id(self, table: str, rows: list[dict] | None = None):
        spec = SPECS[table]
        rows = self.pkg.rows(table) if rows is None else rows
        keys = self.keys[table]
        objects = spec.model._default_manager.in_bulk(
            [keys[row["id"]] for row in rows if row["id"] in keys]
        )
        existing = {
            row["id"]: objects[keys[row["id"]]]
            for row in rows
            if row["id"] in keys and keys[row["id"]] in objects
        }
        unknown = [row for row in rows if row["id"] not in existing]
        first_seen = self._first_seen(table, unknown)
        existing.update(first_seen)
        for row in rows:
            if row.get("region_code") is not None:
                self._region_id(table, row["region_code"])
        for source_id, obj in existing.items():
            self.maps[table][source_id] = obj.pk
        extra = {"applied_by": self.actor} if table == "adjustments" else None
        created = self._upsert(table, [(row["id"], row) for row in rows], existing, extra)
        for source_id, obj in [*existing.items(), *created]:
            self.maps[table][source_id] = obj.pk
            self.seen[table].add(source_id)
        new_keys = [
            ExchangeKey(region=self.region, table=table, source_id=source_id, object_id=obj.pk)
            for source_id, obj in [*created, *first_seen.items()]
        ]
        stale = [key.source_id for key in new_keys if key.source_id in keys]
        ExchangeKey.objects.filter(region=self.region, table=table, source_id__in=stale).delete()
        ExchangeKey.objects.bulk_create(new_keys)
        for key in new_keys:
            keys[key.source_id] = key.object_id
        return created

    def by_region(self, table: str, fields: tuple[str, ...]):
        """Region totals and pools: one row per region and type (and purpose)."""
        spec = SPECS[table]
        rows = self.pkg.rows(table)
        ours = spec.model.objects.filter(region__in=self.region_ids).select_related("region")
        existing = {(obj.region.code, *(getattr(obj, f) for f in fields)): obj for obj in ours}
        keyed = [((row["region_code"], *(row[f] for f in fields)), row) for row in rows]
        self._upsert(table, keyed, existing)
        wanted = {key for key, _ in keyed}
        self._delete(table, [obj for key, obj in existing.items() if key not in wanted])

    # --- what disappeared ---------------------------------------------------------------------

    def _delete(self, table: str, objects) -> list:
        deleted = []
        remaining = list(objects)
        while remaining:
            kept = []
            for obj in remaining:
                try:
                    self._attribute(obj)
                    pk = obj.pk
                    obj.delete()
                except ProtectedError:
                    kept.append(obj)
                else:
                    deleted.append(pk)
            if len(kept) == len(remaining):
                self.outcome.kept.extend(f"{_label(table)}：{obj}" for obj in kept)
                break
            remaining = kept
        if deleted:
            self.outcome.deleted[table] += len(deleted)
        return deleted

    def vanished(self):
        for table in reversed(TABLES):
            if not SPECS[table].by_source_id:
                continue
            gone = {
                source_id: object_id
                for source_id, object_id in self.keys[table].items()
                if source_id not in self.seen[table]
            }
            if not gone:
                continue
            objects = SPECS[table].model._default_manager.in_bulk(list(gone.values()))
            if table == "records":
                active = [obj for obj in objects.values() if obj.status == RecordStatus.ACTIVE]
                for obj in active:
                    obj.status = RecordStatus.ENDED
                    obj.ended_on = max(self.day, obj.entry_on)
                    obj.end_reason = EndReason.OTHER
                    obj.end_destination = GONE_DESTINATION
                self._end(table, active, ["status", "ended_on", "end_reason", "end_destination"])
            elif table == "appointments":
                current = [obj for obj in objects.values() if obj.ended_on is None]
                for obj in current:
                    obj.ended_on = max(self.day, obj.started_on)
                self._end(table, current, ["ended_on"])
            else:
                deleted = set(self._delete(table, objects.values()))
                ExchangeKey.objects.filter(
                    region=self.region,
                    table=table,
                    source_id__in=[s for s, o in gone.items() if o in deleted or o not in objects],
                ).delete()

    def _end(self, table, objects, fields):
        if objects:
            bulk_update_with_history(objects, SPECS[table].model, fields, **self._history())
            self.outcome.ended[table] += len(objects)

    # --- the whole package --------------------------------------------------------------------

    def run(self, progress=None) -> Outcome:
        steps = [
            ("regions", self.regions),
            ("documents", self.documents_table),
            ("institutions", self._institutions),
            ("departments", lambda: self.by_source_id("departments")),
            ("region_totals", lambda: self.by_region("region_totals", ("establishment_type",))),
            (
                "pool_balances",
                lambda: self.by_region("pool_balances", ("establishment_type", "purpose")),
            ),
            ("quota_lines", lambda: self.by_source_id("quota_lines")),
            ("adjustments", lambda: self.by_source_id("adjustments")),
            ("adjustment_lines", lambda: self.by_source_id("adjustment_lines")),
            ("leadership_quotas", lambda: self.by_source_id("leadership_quotas")),
            ("people", self.people),
            ("records", self._records),
            ("appointments", lambda: self.by_source_id("appointments")),
            ("certificates", lambda: self.by_source_id("certificates")),
        ]
        with transaction.atomic():
            for done, (table, step) in enumerate(steps, start=1):
                try:
                    step()
                except IntegrityError as error:
                    raise ValidationError(
                        INVALID_ROWS % {"table": _label(table), "error": error}
                    ) from None
                if progress:
                    progress(done)
            self.vanished()
        return self.outcome

    def _institutions(self):
        """Parents before their units, one wave per level of the tree, so that a new unit is
        created with its parent and recorded once."""
        rows = self.pkg.rows("institutions")
        ids = {row["id"] for row in rows}
        placed: set[int] = set()
        while len(placed) < len(rows):
            wave = [
                row
                for row in rows
                if row["id"] not in placed
                and (
                    row["parent_id"] is None
                    or row["parent_id"] not in ids
                    or row["parent_id"] in placed
                )
            ]
            if not wave:
                # A cycle of parents (not made by this software): created without, then set.
                cycle = [row for row in rows if row["id"] not in placed]
                self.by_source_id("institutions", cycle)
                self.by_source_id("institutions", cycle)
                return
            self.by_source_id("institutions", wave)
            placed.update(row["id"] for row in wave)

    def _records(self):
        rows = self.pkg.rows("records")
        # A holder of a talent special quota is counted apart from A (rule 27); special quotas
        # are not in the package, so the record stays with the county.
        carried = [row for row in rows if not row.get("on_special_quota")]
        self.outcome.skipped["records"] += len(rows) - len(carried)
        self.by_source_id("records", carried)


def _label(table: str) -> str:
    return TABLE_LABELS.get(table, "")


def import_package(pkg: Package, *, actor, user_scope=None, progress=None) -> Outcome:
    region = package_region(pkg, user_scope=user_scope)
    check_date(pkg, region)
    return Importer(pkg, region=region, actor=actor).run(progress)
