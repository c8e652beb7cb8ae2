"""使用帮助: one page per role, saying what the role does and walking through its main jobs, each
with links to the pages where it is done. Reached from the bar (the user's own role) and from
the home page; the other roles' pages are open to everyone, with links only where the reader may
go."""

from dataclasses import dataclass

from django.http import Http404
from django.views.generic import TemplateView

from . import access
from .access import SELF_CHECK, SUPERVISION, Action, ModelPermission, Permission, Role
from .home import Shortcut


@dataclass(frozen=True)
class Job:
    title: str
    steps: tuple[str, ...]
    links: tuple[Shortcut, ...] = ()


@dataclass(frozen=True)
class RoleHelp:
    role: Role
    summary: str
    jobs: tuple[Job, ...]

    @property
    def slug(self) -> str:
        return self.role.value


def _link(label, url_name, permission=None, **kwargs) -> Shortcut:
    return Shortcut(label, url_name, "", permission, **kwargs)


def _add(model: str) -> ModelPermission:
    return ModelPermission(model, Action.ADD)


# The lists behind the bell read differently per role: link each role's only from its help.
OFFICE = Permission(access.OFFICE_ROLES)
REVIEWER = Permission(frozenset({Role.REVIEWER}))


OFFICE_JOBS = (
    Job(
        "编制调整",
        (
            "在工作台点“编制调整”，选择批准文件的文号、生效日期，逐行填写涉及的单位、编制类型和增减数。",
            "提交前页面列出调整前后的核定、实有和可用编制；核减后核定数低于在编人数须写明超编原因（规则 4、15）。",
            "确认后调整按生效日期计入；未到生效日期的显示为“待生效”。",
            "划转到乡镇（街道）单位的，可在“编制下沉”中选择县编乡用或乡编乡用，"
            "已办理的划转也可在其页面补记；下沉编制在“编制下沉统计”中按乡镇和年度合计（规则 23）。",
        ),
        (
            _link("新建编制调整", "staffing:adjustment_add", _add("staffing.Adjustment")),
            _link("编制调整记录", "staffing:adjustment_list"),
            _link("编制下沉统计", "staffing:push_down_totals"),
        ),
    ),
    Job(
        "公立医院人员控制总量备案",
        (
            "在“编制管理 → 公立医院备案管理”把卫生领域的公立医院纳入备案管理，逐年登记编制床位、实际开放床位、床位使用率和年门急诊人次。",
            "备案人员控制总量时页面按测算标准（床位 × 床人比 × 使用率系数 + 门急诊增人）给出标准数；高于标准须写明理由（规则 29）。",
            "控制总量内聘用的人员登记为备案制人员，与编制分开统计；编制实有与备案制实有合计不得超过控制总量，同一人不得同时在编和备案（规则 7）。",
        ),
        (
            _link("公立医院备案管理", "hospitals:hospital_list"),
            _link("备案制人员花名册", "hospitals:filedstaff_list"),
        ),
    ),
    Job(
        "核准用编与入编",
        (
            "单位报送、主管部门审核后的用编申请出现在工作台“待核准”；可用编制不少于申请名额方可核准（规则 2）。",
            "也可直接开具用编通知单；入编须持本单位同类编制的有效通知单（规则 3）。",
            "年度用编进人计划：单位的计划申报经核准后列入当年计划；在“用编进人计划”中对照空编、预计减员和上年使用情况逐条核定，"
            "同类编制待下达合计不得超过计划空间，凭下达文件下达后每条计划开具一张用编通知单（规则 24）。",
        ),
        (
            _link("待核准的申报", "people:notifications", OFFICE),
            _link("用编进人计划", "plans:plan_list", access.REGION_FIGURES),
            _link("开具用编通知单", "staffing:permit_add", _add("staffing.UsagePermit")),
            _link("入编登记", "people:entry_add", _add("people.EstablishmentRecord")),
        ),
    ),
    Job(
        "周转池借用与人才专项编制",
        (
            "“编制周转池与借用”列出各周转池（统筹编制、急需紧缺人才周转池、行政编制储备）的余额、借出未还和逾期数；"
            "人才周转池的编制只能借用，须约定人走编回或到期日，借出时同时开具用编通知单（规则 26）。",
            "使用借用编制的人员出编或调出，编制自动归还周转池；到期未还的每日自动收回，未能收回的在页面上点“收回”办理。",
            "满编、超编单位引进高层次人才，在“人才专项编制”中核定专项编制并开具专项用编通知单；专项编制单列，"
            "不计入单位的核定、实有和超编，人走编收（规则 27）。",
        ),
        (
            _link("编制周转池与借用", "staffing:pool_list", access.REGION_FIGURES),
            _link("借用编制", "staffing:loan_add", _add("staffing.PoolLoan")),
            _link("人才专项编制", "staffing:special_quota_list"),
        ),
    ),
    Job(
        "公示与发证",
        (
            "登记公示后，公示期内可记录异议；公示期满且异议均已处理的单位列在工作台“待发证”（规则 20）。",
            "在“待发证”中点“发证”即打开核发页面并选好单位；公示后名册有变化的须重新公示。",
        ),
        (
            _link("登记公示", "certificates:publicity_add", _add("certificates.Publicity")),
            _link("期满待发证", "certificates:publicity_list", OFFICE, query="state=awaiting"),
            _link("核发管理证", "certificates:certificate_issue", _add("certificates.Certificate")),
        ),
    ),
    Job(
        "督查与自查",
        (
            "工作台列出超编单位、逾期未报的变动（30 日内报送，规则 9）、超过退休时间仍在编的人员（规则 10）和自查发现的问题（规则 22），点数字即到对应清单。",
            "区域概况有编制使用率、近五年实有与核定、今后五年退休人数的图表。",
            "退休预测按单位和编制类型列出今后五年每年到达退休时间的人数（含渐进式延迟退休），可导出退休预测台账。",
        ),
        (
            _link("区域概况", "people:overview", access.REGION_FIGURES),
            _link("退休预测", "people:retirement_forecast"),
            _link("报送督查", "people:supervision", SUPERVISION),
            _link("编制自查", "checks:breach_list", SELF_CHECK),
        ),
    ),
    Job(
        "中小学编制",
        (
            "“中小学编制”按学年列出每所学校的学生数、按师生比核算的标准编制数、核定和实有，"
            "以及核定较标准缺或超多少，可导出中小学教职工编制核定台账（规则 28）。",
            "学生数可逐校登记，也可按模板批量导入；编办管理员可设置本县的师生比和寄宿制、乡镇学校的上浮。",
        ),
        (
            _link("中小学编制", "schools:standard_list", access.SCHOOL_STANDARDS),
            _link("导入学生数", "schools:student_import", _add("schools.StudentCount")),
        ),
    ),
    Job(
        "空编收回",
        (
            "人员出编、调出后形成的可用空编，以及长期空编、超比例空编，系统每日提出收回建议，"
            "工作台显示待处理的建议数（规则 25）；列表页的“立即检查空编”可随时检查本区划。",
            "在建议页面填写收回数、批准文件和生效日期，核对收回前后数字后确认，即办理一件“空编收回”"
            "编制调整，收回至统筹编制；收回数不得超过当时的可用空编。",
            "确需保留的，填写保留理由后保留；保留期内除非空编增加，不再就此提出建议。",
        ),
        (
            _link(
                "待处理空编收回建议",
                "reclaims:proposal_list",
                ModelPermission("reclaims.ReclaimProposal", Action.CHANGE),
                query="state=pending",
            ),
        ),
    ),
    Job(
        "跟踪问效",
        (
            "编制调整、新设机构批复后，系统安排批复6个月、1年两次跟踪问效，工作台显示本月到期和"
            "逾期未问效的事项（规则 40）；批复前可在变动申报或编制调整页面记录八问调研（规则 42）。",
            "在问效页面开始评分，按问效指标体系（决策落实、运行效果、调整优化方向）逐项评分后完成问效；"
            "综合得分低于60分的，系统提出机构撤并或核减编制的处理意见（规则 41）。",
            "采纳处理意见即依据批准文件办理一件“核减编制”的编制调整；不予采纳须说明理由。",
        ),
        (
            _link(
                "本月到期跟踪问效",
                "followups:followup_list",
                ModelPermission("followups.FollowUp", Action.CHANGE),
                query="due=month",
            ),
        ),
    ),
    Job(
        "违规案件（12310 举报）",
        (
            "受理 12310 电话、来信、网上举报或转办的举报时登记举报人和联系方式：加密保存，"
            "只有编办管理员和该案件的承办人能看到（规则 35）；编办管理员分办给承办人。",
            "承办人查根源、查过程、查现状并记录后作出调查结论，登记责任人员及处理措施，"
            "查实的问题登记到问题台账由单位整改；向举报人反馈（日期、方式）后才能办结（规则 34）。",
            "办理期限默认为受理后 60 天，工作台和区域概况显示未办结和逾期的案件。",
        ),
        (
            _link("违规案件", "cases:case_list", ModelPermission("cases.Case", Action.VIEW)),
            _link("受理举报", "cases:case_add", _add("cases.Case")),
        ),
    ),
    Job(
        "评估考核",
        (
            "在“评估考核批次”发起机构编制评估或事业单位绩效考核批次，选择指标体系（按年度，一年一调整：在指标体系页"
            "“调整为新版本”复制上年体系后调整），再增加被评估单位；绩效考核按考评类别分类考评、同类同考。",
            "单位在自评阶段填写评分表并提交自评；编办在评分表中逐项评分（社会评价、专业评审指标也在此录入），"
            "超编、超职数、混编、迟报、未整改问题等指标由系统按登记数据取数，全部评分后点“评分完成”并填写反馈意见（规则 36、37）。",
            "批次页按程序逐阶段推进：进入“确定等次”时按分数线和 A 等比例上限定等次、排名（规则 38）；"
            "进入“公示备案（结果反馈）”时公布结果，C 等单位自动登记机构编制调整研究意见到问题台账（规则 39）。",
            "批次页可比较各单位各项指标得分并以图表显示薄弱指标；“导出等次名单”报送组织、人社、财政部门。",
        ),
        (
            _link(
                "评估考核批次",
                "assessments:round_list",
                ModelPermission("assessments.Round", Action.VIEW),
            ),
            _link(
                "指标体系",
                "assessments:scheme_list",
                ModelPermission("assessments.Scheme", Action.VIEW),
            ),
        ),
    ),
)

HELP: dict[Role, RoleHelp] = {
    Role.OFFICE_STAFF: RoleHelp(
        Role.OFFICE_STAFF,
        "编办工作人员管理本区划的机构、编制和实名人员：调整核定编制，核准用编和人员变动，"
        "组织公示并核发机构编制管理证，督查单位报送并处理自查发现的问题。",
        OFFICE_JOBS,
    ),
    Role.OFFICE_ADMIN: RoleHelp(
        Role.OFFICE_ADMIN,
        "编办管理员做编办工作人员的全部工作，另外管理本区划的账号：为单位经办人、"
        "主管部门审核员和协作部门开通、停用账号，查看登录和访问日志。",
        (
            *OFFICE_JOBS,
            Job(
                "账号管理",
                ("账号只停用、不删除（规则 13）；批量创建经办人账号后打印密码单交给单位。",),
                (
                    _link("账号", "accounts:account_list", access.ACCOUNTS),
                    _link("批量创建经办人账号", "accounts:clerk_accounts", access.ACCOUNTS),
                ),
            ),
        ),
    ),
    Role.CLERK: RoleHelp(
        Role.CLERK,
        "单位经办人维护本单位的实名信息：人员进出、调动、信息变更都通过变动申报报送，"
        "经主管部门审核、编办核准后生效。",
        (
            Job(
                "报送变动",
                (
                    "在工作台点“新建申报”，选择变动类型，逐人填写后保存为草稿，核对无误后报送。",
                    "变动须在发生之日起 30 日内报送（规则 9）；已到退休月份的人员由系统生成出编草稿，出现在工作台“我的待办”。",
                    "被退回的申报也在“我的待办”中，按退回意见修改后重新报送。",
                    "每年在“新建申报”中选择“用编进人计划申报”，填写计划年度、编制类型、人数、岗位和补充方式；"
                    "编办下达后在“本单位用编进人计划”查看核定数和用编通知单（规则 24）。",
                ),
                (
                    _link("新建申报", "people:request_add", _add("people.ChangeRequest")),
                    _link("本单位变动申报", "people:request_list"),
                ),
            ),
            Job(
                "查看本单位编制",
                (
                    "工作台按编制类型列出本单位的核定、实有、空编和可用编制；可用 = 核定 − 实有 − 已核准未使用的名额（规则 1）。",
                    "花名册列出本单位在编人员，可从中为某人发起出编、调动或信息变更。",
                ),
                (
                    _link(
                        "本单位编制情况",
                        "staffing:institution_establishment",
                        scope_arg="institution_id",
                    ),
                    _link(
                        "本单位花名册",
                        "people:unit_roster",
                        _add("people.ChangeRequest"),
                        scope_arg="institution_id",
                    ),
                ),
            ),
            Job(
                "评估考核自评",
                (
                    "编办发起机构编制评估或绩效考核后，工作台显示“待填报的自评”；打开评分表逐项自评："
                    "定量指标填数值，定性指标在范围内打分，未得满分须说明理由，系统计算的指标不用填写（规则 36）。",
                    "在评分表下方上传自评报告和佐证材料，全部填写后点“提交自评”；提交后不能再修改。",
                    "结果公布后在同一页面查看得分、等次、排名和编办的反馈意见。",
                ),
                (_link("评估考核结果", "assessments:evaluation_list"),),
            ),
        ),
    ),
    Role.REVIEWER: RoleHelp(
        Role.REVIEWER,
        "主管部门审核员审核所属单位报送的变动申报：核对后提交编办核准，或写明原因退回单位修改。",
        (
            Job(
                "审核申报",
                (
                    "所属单位报送的申报出现在工作台“待审核的申报”，最早报送的在前。",
                    "打开申报，对照核准前后的编制数字核对；无误点“审核通过”，有误点“退回”并写明需要补正的内容。",
                ),
                (
                    _link("待审核的申报", "people:notifications", REVIEWER),
                    _link("全部变动申报", "people:request_list"),
                ),
            ),
            Job(
                "督促报送",
                ("报送督查按单位列出按时、迟报和逾期未报的变动（规则 9）。",),
                (_link("报送督查", "people:supervision", SUPERVISION),),
            ),
            Job(
                "中小学编制调剂",
                (
                    "教育主管部门的审核员在“中小学编制”中查看所属学校按学生数核算的标准编制数与核定、实有的对照，"
                    "登记或导入学生数。",
                    "点“学校间编制调剂”，选择调出学校的编制、调入学校和名额，填写调剂文件文号和生效日期；"
                    "只能在本部门所属学校之间调剂，所属学校的编制总数不能增加，"
                    "调出后低于实有人数的须写明超编原因（规则 4、28）。",
                ),
                (
                    _link("中小学编制", "schools:standard_list", access.SCHOOL_STANDARDS),
                    _link("学校间编制调剂", "schools:reallocation_add", access.SCHOOL_REALLOCATION),
                ),
            ),
        ),
    ),
    Role.PARTNER: RoleHelp(
        Role.PARTNER,
        "协作部门查询人员（组织、人社、财政等）查询本区划的机构、编制和在编人员，导出台账，"
        "不修改数据。身份证号按授权显示全号或脱敏（规则 14）。",
        (
            Job(
                "查询",
                (
                    "在工作台按姓名或完整身份证号查人员，按名称或统一社会信用代码查机构。",
                    "身份证号加密存储，只能按完整号码查询。",
                ),
                (
                    _link("实名制花名册", "people:person_list"),
                    _link("机构名录", "orgs:institution_list"),
                ),
            ),
            Job(
                "导出台账",
                ("工作台列出可用的台账；在台账页面设定条件后导出，导出的列与页面所见一致。",),
                (_link("台账导出", "exports:index"),),
            ),
            Job(
                "经费核定（财政部门）",
                (
                    "在“部门协同 → 经费核定”选择预算年度，按区划、单位、编制类型和经费形式查看每个单位"
                    "各月末的实有人数/核定编制数、实有人月数和年平均实有；红色为超编（规则 46）。",
                    "人才专项编制的在编人员单列为“专项”（规则 27）；可导出经费核定表，"
                    "财政系统也可通过数据共享接口 /api/v1/funding/ 读取。",
                ),
                (_link("经费核定", "funding:year", access.FUNDING),),
            ),
        ),
    ),
}
ORDER = (Role.OFFICE_STAFF, Role.OFFICE_ADMIN, Role.REVIEWER, Role.CLERK, Role.PARTNER)


def links_for(job: Job, user) -> list[dict]:
    """The job's links the reader may open (a link to "my unit" needs a unit)."""
    scope = access.user_scope(user)
    return [
        {"label": link.label, "url": link.url(user)}
        for link in job.links
        if link.allows(user) and (link.scope_arg is None or getattr(scope, link.scope_arg, None))
    ]


class HelpView(TemplateView):
    """使用帮助 of one role: the user's own by default, any role's by its slug."""

    template_name = "help.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        slug = self.kwargs.get("role")
        if slug is None:
            role = access.role_of(user) or Role.CLERK
        elif slug in Role.values:
            role = Role(slug)
        else:
            raise Http404("没有这个角色的帮助。")
        page = HELP[role]
        context.update(
            page=page,
            role=role,
            own=role == access.role_of(user),
            jobs=[(job, links_for(job, user)) for job in page.jobs],
            roles=[HELP[other] for other in ORDER],
        )
        return context
