"""Roles and scoping: the one place that decides what a user may see and do (domain.md §1).

Every user has one role and one scope, held by ``orgs.UserScope`` (reached as ``user.scope``).
Region-wide roles see their region and every region below it; a supervising reviewer sees its
institution and every institution below it; a unit clerk sees one institution.

A model takes part by declaring ``scoping = Scoping(region=..., institution=...)``: the lookups from
the model to the region and to the institution it belongs to. It may also declare ``access_rules``,
a mapping of action to the roles allowed it, where they differ from ``DEFAULT_RULES``.

Pages that are not one model's list, detail or form declare who may open them here as
``Permission``s, and the navigation menu (``MENU``) is declared here with the permission of each
entry, so the menu offers exactly what the views let the user open. bianzhi imports no app:
models and URLs are named by strings.
"""

from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.urls import reverse


class Role(models.TextChoices):
    OFFICE_ADMIN = "office_admin", "编办管理员"
    OFFICE_STAFF = "office_staff", "编办工作人员"
    REVIEWER = "reviewer", "主管部门审核员"
    CLERK = "clerk", "单位经办人"
    PARTNER = "partner", "协作部门查询人员"


class Department(models.TextChoices):
    """A partner's department (协作部门): what its accounts and API tokens act for. 组织 and 人社
    confirm the identity statuses their department answers for (rules 47–48)."""

    ORGANIZATION = "organization", "组织部门"
    HUMAN_RESOURCES = "human_resources", "人力资源社会保障部门"
    FINANCE = "finance", "财政部门"
    OTHER = "other", "其他部门"


REGION_ROLES = frozenset({Role.OFFICE_ADMIN, Role.OFFICE_STAFF, Role.PARTNER})
INSTITUTION_ROLES = frozenset({Role.REVIEWER, Role.CLERK})
OFFICE_ROLES = frozenset({Role.OFFICE_ADMIN, Role.OFFICE_STAFF})


class Action(models.TextChoices):
    VIEW = "view", "查看"
    ADD = "add", "新增"
    CHANGE = "change", "修改"
    ABOLISH = "abolish", "撤销"
    EXPORT = "export", "导出"


DEFAULT_RULES: dict[str, frozenset] = {
    Action.VIEW: frozenset(Role),
    Action.ADD: OFFICE_ROLES,
    Action.CHANGE: OFFICE_ROLES,
    Action.ABOLISH: OFFICE_ROLES,
    Action.EXPORT: OFFICE_ROLES | {Role.PARTNER},
}


@dataclass(frozen=True)
class Scoping:
    """Lookups from a model to the region and the institution that scope it.

    ``institution=None`` means the model is not visible to institution-scoped roles at all.
    ``distinct`` is needed when the institution lookup crosses a many-to-many relation.
    """

    region: str
    institution: str | None
    distinct: bool = False


def user_scope(user):
    """The user's ``orgs.UserScope``, or None for anonymous users and users without one."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    try:
        return user.scope
    except ObjectDoesNotExist:
        return None


def role_of(user) -> Role | None:
    scope = user_scope(user)
    return Role(scope.role) if scope else None


def can(user, action: str, model: type[models.Model]) -> bool:
    """May the user perform ``action`` on objects of ``model`` at all (scope aside)?"""
    role = role_of(user)
    if role is None:
        return False
    rules = getattr(model, "access_rules", {})
    return role in rules.get(action, DEFAULT_RULES[action])


def may_see_full_id_number(user) -> bool:
    """Rule 14: office roles see full ID numbers; partners only where explicitly allowed."""
    scope = user_scope(user)
    if scope is None:
        return False
    return scope.role in OFFICE_ROLES or (scope.role == Role.PARTNER and scope.may_see_full_id)


def restrict(queryset: models.QuerySet, user, action: str = Action.VIEW) -> models.QuerySet:
    """Restrict any queryset to the rows ``user`` may ``action``; an empty queryset if none."""
    model = queryset.model
    if not can(user, action, model):
        return queryset.none()
    scope = user_scope(user)
    scoping: Scoping = model.scoping
    if scope.role in REGION_ROLES:
        return queryset.filter(**{f"{scoping.region}__in": scope.region_ids()})
    if scoping.institution is None:
        return queryset.none()
    restricted = queryset.filter(**{f"{scoping.institution}__in": scope.institution_ids()})
    return restricted.distinct() if scoping.distinct else restricted


# --- pages -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Permission:
    """Who may open a page that is not one model's: the roles, and for the admin site also
    Django's superusers."""

    roles: frozenset
    superuser: bool = False

    def allows(self, user) -> bool:
        if self.superuser and getattr(user, "is_superuser", False):
            return True
        return role_of(user) in self.roles


@dataclass(frozen=True)
class ModelPermission:
    """An action on a model (``"app_label.Model"``): the check that model's views make."""

    model: str
    action: str

    def allows(self, user) -> bool:
        return can(user, self.action, apps.get_model(self.model))


# Every user with a role.
ANY_ROLE = Permission(frozenset(Role))
# Figures of a whole region (总量控制, 区域概况): an institution-scoped role would see a part of
# them, so it is refused rather than misled.
REGION_FIGURES = Permission(REGION_ROLES)
# 报送督查: the office and partners see the region, a reviewer its subtree; a clerk's own
# deadlines are on its home page.
SUPERVISION = Permission(OFFICE_ROLES | {Role.PARTNER, Role.REVIEWER})
# 本单位用编进人计划: a unit's (or a supervising department's) own plan lines; the region's plan
# page is for the region-wide roles.
UNIT_PLAN = Permission(INSTITUTION_ROLES)
# 编制自查 (rule 22): the office's own check of the registry.
SELF_CHECK = Permission(OFFICE_ROLES)
# 身份确认 (rules 47–48): the 组织 and 人社 partners confirm, the office reads.
CONFIRMING_DEPARTMENTS = frozenset({Department.ORGANIZATION, Department.HUMAN_RESOURCES})


def department_of(user) -> Department | None:
    """The partner's department; None for the other roles and a partner without one."""
    scope = user_scope(user)
    if scope is None or scope.role != Role.PARTNER or not scope.department:
        return None
    return Department(scope.department)


@dataclass(frozen=True)
class ConfirmingPartner:
    """Office roles, and partners of a department that confirms identity statuses."""

    def allows(self, user) -> bool:
        role = role_of(user)
        if role in OFFICE_ROLES:
            return True
        return role == Role.PARTNER and department_of(user) in CONFIRMING_DEPARTMENTS


IDENTITY_CONFIRMATION = ConfirmingPartner()
# 账号管理 (the accounts app): the office admin manages the accounts of its region subtree.
ACCOUNTS = Permission(frozenset({Role.OFFICE_ADMIN}))
# 上报数据包 (the exchange app): the package carries full ID numbers, for the office hierarchy
# only; the office admin exports its region and imports the regions below it (rules 49–50).
DATA_EXCHANGE = Permission(frozenset({Role.OFFICE_ADMIN}))


@dataclass(frozen=True)
class SupervisorOf:
    """Roles allowed a page; a reviewer only when its subtree holds a row of ``model``
    (``"app_label.Model"``, its institution at ``lookup``): the education bureau's reviewer, whose
    subtree holds schools, and not another bureau's."""

    roles: frozenset
    model: str
    lookup: str

    def allows(self, user) -> bool:
        role = role_of(user)
        if role not in self.roles:
            return False
        if role != Role.REVIEWER:
            return True
        rows = apps.get_model(self.model).objects.filter(
            **{f"{self.lookup}__in": user_scope(user).institution_ids()}
        )
        return rows.exists()


# 中小学编制 (rule 28): the office, and the reviewer of the bureau its schools sit under.
SCHOOL_STANDARDS = SupervisorOf(
    OFFICE_ROLES | {Role.REVIEWER}, "schools.SchoolProfile", "institution"
)
# The education bureau's right to reallocate quota among its own schools, within its total
# (seed 003 "中小学教职工编制调整权限下放到教育主管部门"): its reviewer only.
SCHOOL_REALLOCATION = SupervisorOf(
    frozenset({Role.REVIEWER}), "schools.SchoolProfile", "institution"
)

# 经费核定 (rule 46): the office and partners (财政) over their region, a reviewer its subtree,
# a clerk its own unit.
FUNDING = Permission(OFFICE_ROLES | {Role.PARTNER, Role.REVIEWER, Role.CLERK})

# Django admin: superusers only. No role opens it: an office admin who could would be able to
# make any account a superuser (issue 15).
SYSTEM_ADMIN = Permission(frozenset(), superuser=True)


# --- navigation ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Active:
    """When a top-level entry is highlighted: the current URL is in ``app`` or one of ``apps``
    (if given) and its name is one of ``url_names`` (if given) and not one of
    ``except_url_names``."""

    app: str | None = None
    url_names: frozenset = frozenset()
    except_url_names: frozenset = frozenset()
    apps: frozenset = frozenset()

    def matches(self, match) -> bool:
        if match is None or (self.app is None and not self.apps and not self.url_names):
            return False
        return (
            (self.app is None or match.app_name == self.app)
            and (not self.apps or match.app_name in self.apps)
            and (not self.url_names or match.url_name in self.url_names)
            and match.url_name not in self.except_url_names
        )


NEVER = Active()


@dataclass(frozen=True)
class MenuLink:
    """A link of the menu; ``permission`` None offers it to every signed-in user.

    ``scope_arg`` names the attribute of the user's scope the URL takes (e.g. the clerk's unit).
    ``divider_before`` separates it from the entries above it in its dropdown.
    """

    label: str
    url_name: str
    icon: str = ""
    permission: Permission | ModelPermission | None = None
    scope_arg: str | None = None
    divider_before: bool = False
    active: Active = NEVER

    def allows(self, user) -> bool:
        return self.permission is None or self.permission.allows(user)

    def url(self, user) -> str:
        args = [getattr(user_scope(user), self.scope_arg)] if self.scope_arg else []
        return reverse(self.url_name, args=args)


@dataclass(frozen=True)
class Dropdown:
    """A top-level entry opening its links; shown when the user may open any of them."""

    label: str
    links: tuple[MenuLink, ...]
    active: Active = NEVER


MENU: tuple[MenuLink | Dropdown, ...] = (
    MenuLink("工作台", "orgs:home", active=Active(url_names=frozenset({"home"}))),
    Dropdown(
        "机构管理",
        (
            MenuLink("机构名录", "orgs:institution_list", "bi-list-ul"),
            MenuLink("机构树", "orgs:institution_tree", "bi-diagram-3"),
            MenuLink("内设机构", "orgs:department_list", "bi-grid-3x3-gap"),
            MenuLink("批准文件", "orgs:document_list", "bi-file-earmark-text"),
        ),
        Active(app="orgs", except_url_names=frozenset({"home"})),
    ),
    Dropdown(
        "编制管理",
        (
            MenuLink("总量控制与周转池", "staffing:region_totals", "bi-pie-chart", REGION_FIGURES),
            MenuLink("编制周转池与借用", "staffing:pool_list", "bi-safe", REGION_FIGURES),
            MenuLink("人才专项编制", "staffing:special_quota_list", "bi-award", ANY_ROLE),
            MenuLink("编制调整", "staffing:adjustment_list", "bi-arrow-left-right"),
            MenuLink("编制下沉统计", "staffing:push_down_totals", "bi-arrow-down-circle", ANY_ROLE),
            MenuLink("中小学编制", "schools:standard_list", "bi-mortarboard", SCHOOL_STANDARDS),
            MenuLink("用编通知单", "staffing:permit_list", "bi-ticket-perforated"),
            MenuLink("用编进人计划", "plans:plan_list", "bi-calendar2-check", REGION_FIGURES),
            MenuLink("本单位用编进人计划", "plans:line_list", "bi-calendar2-check", UNIT_PLAN),
            # Office roles decide; the other roles read the proposals of their scope.
            MenuLink(
                "空编收回",
                "reclaims:proposal_list",
                "bi-box-arrow-in-down",
                ModelPermission("reclaims.ReclaimProposal", Action.VIEW),
            ),
            MenuLink(
                "跟踪问效",
                "followups:followup_list",
                "bi-clipboard-data",
                ModelPermission("followups.FollowUp", Action.VIEW),
            ),
            MenuLink("领导职数", "staffing:leadership_list", "bi-person-badge"),
            MenuLink("公立医院备案管理", "hospitals:hospital_list", "bi-hospital"),
        ),
        Active(app="staffing"),
    ),
    Dropdown(
        "实名人员",
        (
            MenuLink("实名制花名册", "people:person_list", "bi-people"),
            MenuLink(
                "变动申报",
                "people:request_list",
                "bi-send-check",
                ModelPermission("people.ChangeRequest", Action.VIEW),
            ),
            MenuLink(
                "入编登记",
                "people:entry_add",
                "bi-person-plus",
                ModelPermission("people.EstablishmentRecord", Action.ADD),
            ),
            MenuLink(
                "区域概况与核查",
                "people:overview",
                "bi-clipboard-data",
                REGION_FIGURES,
                divider_before=True,
            ),
            MenuLink("退休预测", "people:retirement_forecast", "bi-hourglass-split"),
            MenuLink("报送督查", "people:supervision", "bi-alarm", SUPERVISION),
            MenuLink("编制自查", "checks:breach_list", "bi-shield-exclamation", SELF_CHECK),
        ),
        Active(app="people"),
    ),
    Dropdown(
        "证书",
        (
            MenuLink("机构编制管理证", "certificates:certificate_list", "bi-award"),
            MenuLink("公示", "certificates:publicity_list", "bi-megaphone"),
            # The page lists what the user's scope holds for any role; the menu offers it to
            # those who issue.
            MenuLink(
                "可发证单位",
                "certificates:ready_list",
                "bi-award-fill",
                ModelPermission("certificates.Certificate", Action.ADD),
            ),
            # The page lists what the user's scope holds for any role; the menu offers it to
            # the region-wide roles, whose task the annual review is.
            MenuLink(
                "本年度未年审单位",
                "certificates:review_pending",
                "bi-calendar-check",
                REGION_FIGURES,
            ),
            MenuLink("证书核验", "certificates:verify_lookup", "bi-qr-code-scan"),
        ),
        Active(app="certificates"),
    ),
    Dropdown(
        "监督管理",
        (
            MenuLink(
                "问题台账",
                "oversight:problem_list",
                "bi-journal-check",
                ModelPermission("oversight.Problem", Action.VIEW),
            ),
            MenuLink(
                "登记问题",
                "oversight:problem_add",
                "bi-journal-plus",
                ModelPermission("oversight.Problem", Action.ADD),
            ),
            MenuLink(
                "问题整改统计",
                "oversight:problem_summary",
                "bi-bar-chart",
                ModelPermission("oversight.Problem", Action.VIEW),
            ),
            MenuLink(
                "违规案件",
                "cases:case_list",
                "bi-envelope-exclamation",
                ModelPermission("cases.Case", Action.VIEW),
            ),
        ),
        Active(apps=frozenset({"oversight", "cases"})),
    ),
    Dropdown(
        "评估考核",
        (
            MenuLink(
                "评估考核批次",
                "assessments:round_list",
                "bi-clipboard-check",
                ModelPermission("assessments.Round", Action.VIEW),
            ),
            # Every role, within its scope: a unit fills its self-assessments from here.
            MenuLink(
                "评估考核结果",
                "assessments:evaluation_list",
                "bi-list-ol",
                ModelPermission("assessments.Evaluation", Action.VIEW),
            ),
            MenuLink(
                "指标体系",
                "assessments:scheme_list",
                "bi-diagram-3",
                ModelPermission("assessments.Scheme", Action.VIEW),
            ),
        ),
        Active(app="assessments"),
    ),
    # 部门协同: what the office shares with 组织、人社、财政 (issue 20).
    Dropdown(
        "部门协同",
        (
            MenuLink("经费核定", "funding:year", "bi-calculator", FUNDING),
            MenuLink(
                "工资统发核对",
                "payroll:run_list",
                "bi-cash-coin",
                ModelPermission("payroll.PayrollRun", Action.VIEW),
            ),
            # 组织 and 人社 confirm the statuses of their department; the office reads them.
            MenuLink(
                "身份确认",
                "confirmations:worklist",
                "bi-person-check",
                IDENTITY_CONFIRMATION,
            ),
        ),
        Active(apps=frozenset({"funding", "payroll", "confirmations"})),
    ),
    MenuLink("台账导出", "exports:index", permission=ANY_ROLE, active=Active(app="exports")),
    Dropdown(
        "数据采集",
        (
            MenuLink(
                "机构编制信息采集表导入",
                "staffing:institutions_import",
                "bi-building-add",
                ModelPermission("orgs.Institution", Action.ADD),
            ),
            MenuLink(
                "人员信息采集表导入",
                "people:roster_import",
                "bi-person-lines-fill",
                ModelPermission("people.Person", Action.ADD),
            ),
            MenuLink(
                "我的导入",
                "imports:index",
                "bi-list-task",
                ModelPermission("people.Person", Action.ADD),
            ),
            MenuLink(
                "人员信息采集表补录开关",
                "people:roster_switch",
                "bi-toggle-on",
                ModelPermission("people.RosterImportSwitch", Action.CHANGE),
            ),
            MenuLink(
                "机构编制信息采集表模板",
                "staffing:institutions_template",
                "bi-file-earmark-arrow-down",
                ModelPermission("orgs.Institution", Action.ADD),
                divider_before=True,
            ),
            MenuLink(
                "人员信息采集表模板",
                "people:roster_template",
                "bi-file-earmark-arrow-down",
                ModelPermission("people.Person", Action.ADD),
            ),
            MenuLink(
                "导出上报数据包",
                "exchange:package_export",
                "bi-box-arrow-up",
                DATA_EXCHANGE,
                divider_before=True,
            ),
            MenuLink(
                "导入下级数据包", "exchange:package_import", "bi-box-arrow-in-down", DATA_EXCHANGE
            ),
        ),
        Active(
            url_names=frozenset(
                {
                    "roster_import",
                    "roster_switch",
                    "institutions_import",
                    "package_export",
                    "package_import",
                    "package_job",
                }
            )
        ),
    ),
    MenuLink(
        "本单位花名册",
        "people:unit_roster",
        permission=ModelPermission("people.ChangeRequest", Action.ADD),
        scope_arg="institution_id",
        active=Active(url_names=frozenset({"unit_roster"})),
    ),
    Dropdown(
        "账号管理",
        (
            MenuLink("账号", "accounts:account_list", "bi-person-gear", ACCOUNTS),
            MenuLink("批量创建经办人账号", "accounts:clerk_accounts", "bi-people", ACCOUNTS),
            MenuLink("登录日志", "accounts:login_log", "bi-journal-text", ACCOUNTS),
            MenuLink("访问日志", "accounts:access_log", "bi-eye", ACCOUNTS),
            MenuLink("接口令牌", "api:token_list", "bi-key", ACCOUNTS, divider_before=True),
        ),
        Active(app="accounts"),
    ),
    MenuLink("系统管理", "admin:index", permission=SYSTEM_ADMIN),
)


def menu_for(user, match=None) -> list[dict]:
    """The entries of ``MENU`` the user may open, as the navigation bar renders them
    (``match``: the current request's ``resolver_match``, for the highlighted entry)."""
    entries = []
    for entry in MENU:
        if isinstance(entry, MenuLink):
            if entry.allows(user):
                entries.append(
                    {
                        "label": entry.label,
                        "url": entry.url(user),
                        "active": entry.active.matches(match),
                    }
                )
            continue
        links = []
        for link in entry.links:
            if link.allows(user):
                links.append(
                    {
                        "label": link.label,
                        "url": link.url(user),
                        "icon": link.icon,
                        "divider_before": link.divider_before and bool(links),
                    }
                )
        if links:
            entries.append(
                {"label": entry.label, "links": links, "active": entry.active.matches(match)}
            )
    return entries
