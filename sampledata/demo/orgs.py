"""The demo county 示例县 (fictional: province code 99 does not exist in GB/T 2260).

``load_demo_orgs`` loads ``demo_county.json`` (beside this module) through the services, so every
row has history naming the actor (rule 13). ``create_demo_accounts`` adds one account per role.
Both are idempotent: rows that already exist, found by their natural key, are left as they are.
"""

import json
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from bianzhi.access import REGION_ROLES, Department, Role
from bianzhi.history import save_tracked, system_actor
from orgs import services
from orgs.choices import Level, Status
from orgs.models import ApprovalDocument, Institution, InternalDepartment, Region, UserScope

DEMO_REASON = "导入示例县演示数据"
ACCOUNT_REASON = "创建演示账号"
COUNTY_CODE = "990121"
COUNT_KEYS = ("regions", "documents", "institutions", "departments", "abolished")

# Institution fields the fixture holds as plain values; the others are looked up.
PLAIN_FIELDS = (
    "full_name",
    "short_name",
    "other_names",
    "relation",
    "kind",
    "system",
    "category",
    "level",
    "public_service_class",
    "sector",
    "credit_code",
    "legal_person_cert_no",
    "main_duties",
    "sort_order",
)


def fixture_path() -> Path:
    return Path(__file__).with_name("demo_county.json")


@transaction.atomic
def load_demo_orgs(*, actor) -> dict:
    """Load the demo county; return how many regions, documents, institutions, internal
    departments and abolitions were created (all zero when it was already loaded)."""
    data = json.loads(fixture_path().read_text(encoding="utf-8"))
    loader = _DemoLoader(actor, data)
    loader.load_regions(data["regions"])
    loader.load_documents(data["documents"])
    loader.load_institutions(data["institutions"])
    loader.abolish(data["abolitions"])
    return {key: loader.created[key] for key in COUNT_KEYS}


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


class _DemoLoader:
    """Creates what is missing, keyed by natural keys read once from the database."""

    def __init__(self, actor, data: dict):
        self.actor = actor
        self.created = Counter()
        self.new_institution_ids: set[int] = set()
        self.regions = {
            region.code: region
            for region in Region.objects.filter(code__in=[r["code"] for r in data["regions"]])
        }
        self.documents = {
            document.number: document
            for document in ApprovalDocument.objects.filter(
                number__in=[d["number"] for d in data["documents"]]
            )
        }
        existing = Institution.objects.filter(
            region__code__in=[r["code"] for r in data["regions"]],
            full_name__in=[i["full_name"] for i in data["institutions"]],
        )
        # An active institution wins over an abolished one of the same name.
        self.institutions = {
            (institution.region_id, institution.full_name): institution
            for institution in sorted(existing, key=lambda i: i.is_active)
        }
        self.departments = set(
            InternalDepartment.objects.filter(institution__in=existing).values_list(
                "institution_id", "name"
            )
        )

    def load_regions(self, rows: list[dict]) -> None:
        for row in rows:
            if row["code"] in self.regions:
                continue
            region = Region(
                code=row["code"],
                name=row["name"],
                level=row["level"],
                parent=self.regions[row["parent"]] if row["parent"] else None,
            )
            self.regions[row["code"]] = save_tracked(region, actor=self.actor, reason=DEMO_REASON)
            self.created["regions"] += 1

    def load_documents(self, rows: list[dict]) -> None:
        for row in rows:
            if row["number"] in self.documents:
                continue
            self.documents[row["number"]] = services.document_create(
                actor=self.actor,
                reason=DEMO_REASON,
                number=row["number"],
                title=row["title"],
                issuer=row["issuer"],
                issued_on=_date(row["issued_on"]),
                region=self.regions[row["region"]],
            )
            self.created["documents"] += 1

    def load_institutions(self, rows: list[dict]) -> None:
        """Parents come before their children in the fixture."""
        for row in rows:
            institution = self._institution(row)
            for position, item in enumerate(row["departments"], start=1):
                self._department(institution, item, position)

    def _institution(self, row: dict) -> Institution:
        region = self.regions[row["region"]]
        key = (region.pk, row["full_name"])
        if key in self.institutions:
            return self.institutions[key]
        document_number = row["establishing_document"]
        institution = services.institution_create(
            actor=self.actor,
            reason=DEMO_REASON,
            region=region,
            parent=self.institutions[(region.pk, row["parent"])] if row["parent"] else None,
            establishing_document=self.documents[document_number] if document_number else None,
            established_on=_date(row["established_on"]),
            **{name: row[name] for name in PLAIN_FIELDS},
        )
        self.institutions[key] = institution
        self.new_institution_ids.add(institution.pk)
        self.created["institutions"] += 1
        return institution

    def _department(self, institution: Institution, item: str | dict, position: int) -> None:
        """An item is a name (a 股级 department) or an object with its name and level."""
        if isinstance(item, str):
            item = {"name": item}
        if (institution.pk, item["name"]) in self.departments:
            return
        services.department_create(
            actor=self.actor,
            reason=DEMO_REASON,
            institution=institution,
            name=item["name"],
            level=item.get("level", Level.UNIT),
            sort_order=position * 10,
        )
        self.departments.add((institution.pk, item["name"]))
        self.created["departments"] += 1

    def _find(self, row: dict, name_key: str = "full_name") -> Institution:
        return self.institutions[(self.regions[row["region"]].pk, row[name_key])]

    def abolish(self, rows: list[dict]) -> None:
        """Abolish only what this call created, so an existing namesake is never touched."""
        for row in rows:
            institution = self._find(row, name_key="institution")
            if institution.pk not in self.new_institution_ids:
                continue
            services.institution_abolish(
                institution=institution,
                document=self.documents[row["document"]],
                abolished_on=_date(row["abolished_on"]),
                actor=self.actor,
                reason=DEMO_REASON,
            )
            self.created["abolished"] += 1


# --- demo accounts ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: Role
    display_name: str
    region_code: str = ""
    department: Department | None = None
    institution_name: str = ""
    is_staff: bool = False


DEMO_ACCOUNTS = (
    DemoAccount(
        "admin",
        "demo-admin-2026",
        Role.OFFICE_ADMIN,
        "编办管理员（演示）",
        region_code=COUNTY_CODE,
        is_staff=True,
    ),
    DemoAccount(
        "staff",
        "demo-staff-2026",
        Role.OFFICE_STAFF,
        "编办工作人员（演示）",
        region_code=COUNTY_CODE,
    ),
    DemoAccount(
        "reviewer",
        "demo-reviewer-2026",
        Role.REVIEWER,
        "县教育局审核员（演示）",
        institution_name="示例县教育局",
    ),
    DemoAccount(
        "clerk",
        "demo-clerk-2026",
        Role.CLERK,
        "县一中经办人（演示）",
        institution_name="示例县第一中学",
    ),
    DemoAccount(
        "partner",
        "demo-partner-2026",
        Role.PARTNER,
        "县财政局工资科（演示）",
        region_code=COUNTY_CODE,
        department=Department.FINANCE,
    ),
    # 组织 and 人社 confirm the identity statuses of their department (rule 47).
    DemoAccount(
        "partner-org",
        "demo-partner-2026",
        Role.PARTNER,
        "县委组织部干部（演示）",
        region_code=COUNTY_CODE,
        department=Department.ORGANIZATION,
    ),
    DemoAccount(
        "partner-hr",
        "demo-partner-2026",
        Role.PARTNER,
        "县人社局干部（演示）",
        region_code=COUNTY_CODE,
        department=Department.HUMAN_RESOURCES,
    ),
)


def create_demo_accounts() -> list[tuple[str, str, str, str]]:
    """Create the demo account of each role that does not exist yet; existing accounts are left
    untouched. Needs the demo county loaded. Return (username, password, role, scope) of every
    demo account."""
    rows = []
    for account in DEMO_ACCOUNTS:
        target = _scope_target(account)
        if not get_user_model().objects.filter(username=account.username).exists():
            _create_account(account, target)
        rows.append(
            (account.username, account.password, account.role.label, _scope_label(account, target))
        )
    return rows


def _scope_target(account: DemoAccount) -> Region | Institution:
    if account.role in REGION_ROLES:
        return Region.objects.get(code=account.region_code)
    return Institution.objects.get(
        region__code=COUNTY_CODE, full_name=account.institution_name, status=Status.ACTIVE
    )


def _scope_label(account: DemoAccount, target: Region | Institution) -> str:
    if account.role == Role.REVIEWER:
        return f"{target}及其下属单位"
    if account.role == Role.PARTNER:
        return f"{target}，{account.department.label}（身份证号脱敏显示）"
    return str(target)


@transaction.atomic
def _create_account(account: DemoAccount, target: Region | Institution) -> None:
    user = get_user_model().objects.create_user(
        account.username,
        password=account.password,
        first_name=account.display_name,
        is_staff=account.is_staff,
    )
    place = {"region": target} if account.role in REGION_ROLES else {"institution": target}
    scope = UserScope(
        user=user,
        role=account.role,
        may_see_full_id=False,
        department=account.department or "",
        **place,
    )
    save_tracked(scope, actor=system_actor(), reason=ACCOUNT_REASON)
