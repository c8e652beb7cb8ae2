"""The held rules (domain.md §3, rules 1–27) as a help page a clerk can open from any message
that cites "规则 N", and the filter that turns such a citation into a link to it."""

import re
from dataclasses import dataclass

from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.views.generic import TemplateView


@dataclass(frozen=True)
class Rule:
    number: int
    title: str
    text: str

    @property
    def anchor(self) -> str:
        return f"rule-{self.number}"


# In the order of domain.md §3. H = 核定编制数, A = 在编人数, R = 有效用编通知单尚未使用的名额,
# each for one 单位 × 编制类型 × 经费形式 on a given day.
RULES: tuple[Rule, ...] = (
    Rule(
        1,
        "空编、超编和可用编制",
        "空编 = max(H − A, 0)，超编 = max(A − H, 0)，可新核准用编 = H − A − R。均由在编记录实时计算，不存计数器；不同编制类型（行政、事业等）分别计算，不跨类型相加。",
    ),
    Rule(
        2,
        "核准用编",
        "只有可用编制不少于申请名额时才能核准用编通知单。超编或满编单位不予核准；满编单位须先出后进。",
    ),
    Rule(
        3,
        "入编须持用编通知单",
        "入编须有本单位同类编制、尚有剩余名额的有效用编通知单，并占用其一个名额；没有的予以拒绝，并说明缺口。",
    ),
    Rule(
        4,
        "编制调整",
        "调整后核定数不得小于 0，地区同类编制合计不得超过总量控制数。核定数低于在编人数须写明超编原因（如机构合并），该单位显示为超编，直至自然减员消化。",
    ),
    Rule(
        5,
        "领导职数",
        "占职数的在任领导人数不得超过核定职数。超职数配备予以拒绝，或须有批准文件，并列入违规清单。",
    ),
    Rule(
        6,
        "不得混编混岗",
        "行政编制、政法专项编制人员只能在党政机关、群团机关；事业编制只能在参公单位或事业单位。机关和参公单位非工勤岗位人员须已办理公务员登记；工勤人员占用工勤编制。在机关及其所属事业单位兼职的，按主岗占用编制。",
    ),
    Rule(
        7,
        "一人一编",
        "调动时在同一事务中结束原编制、进入新编制。身份证号不得重复；重名人员列出供核对。",
    ),
    Rule(8, "撤销机构", "撤销机构须有批准文件，且在编人员和核定编制均已转出（为零）。"),
    Rule(
        9,
        "报送时限",
        "每项变动申报都有发生日期，须在 30 日内报送（可按类别设定）；逾期未报或逾期报送均计为逾期。可预见的变动由系统发现：已过退休月份仍在编的人员，视为应办未办的出编。",
    ),
    Rule(
        10,
        "退休时间",
        "按法定退休年龄及 2025 年 1 月 1 日起的渐进式延迟退休规定计算：男 60 岁，女干部（管理、专技岗位）55 岁，女工人 50 岁；出生月份每满 4 个月（女工人每满 2 个月）延迟 1 个月，分别最多延迟 36、36、60 个月。不计出生日。",
    ),
    Rule(
        11,
        "身份证号",
        "18 位，按 GB 11643 校验码（MOD 11-2）校验，出生日期真实，第 17 位奇数为男性。15 位旧号录入时自动升位。",
    ),
    Rule(
        12,
        "统一社会信用代码",
        "18 位，按 GB 32100 校验码校验。编办赋码的机关以 11、事业单位以 12 开头。",
    ),
    Rule(
        13,
        "留痕",
        "对业务数据的每一次修改都记录操作人、时间、原因和文号，无论来自页面、导入、命令还是初始数据。用户只停用、不删除。",
    ),
    Rule(
        14,
        "身份证号脱敏",
        "列表、查询、导出和公示中身份证号显示为前 6 位、8 个星号、后 4 位，除非角色有权查看全号；脱敏时出生日期只显示年份。由同一规则决定各页面、导出和打印是否显示全号。",
    ),
    Rule(
        15,
        "按生效日期计算编制",
        "所有数字、校验和台账都按当日已生效的核定数计算。未到生效日期的调整为“待生效”；未来生效的核减按届时预计的人员和预留名额校验。",
    ),
    Rule(
        16,
        "预留名额处处计入",
        "人员进入编制的各条途径（入编、调动、信息更正、导入）使用同一占编校验，计入已核准未使用的名额；核减不得使核定数低于在编人数加预留名额，除非同时注销或核减相应通知单；预审计入其他已提交申报占用的名额。",
    ),
    Rule(
        17,
        "单位类型变更",
        "只有不再持有新类型不得持有的编制和人员时，方可变更单位类型（或经机构改革一并转换）。",
    ),
    Rule(
        18,
        "领导职务同样不得混岗",
        "机关和参公单位的领导职务须由已办理公务员登记的人员担任；在本人编制所在单位以外任职属双重身份，须有文件依据，并列出供核查。",
    ),
    Rule(19, "入编年龄", "入编之日须年满 16 周岁，且未过法定退休月份。"),
    Rule(
        20,
        "公示与管理证",
        "公示自登记之日或之后开始；管理证须与公示的名册一致，名册变化后须重新公示。",
    ),
    Rule(
        21,
        "系统生成的日期不得改写",
        "系统生成的申报，其发生日期不得修改；单位在报送或退回后修改发生日期的，留有记录并向编办显示。",
    ),
    Rule(
        22,
        "自查",
        "可能因后续事件（撤销公务员登记、变更单位类型、到达退休时间、通知单过期、核减编制等）而被打破的规则，定期对全部数据重新检查，列入自查页面，并链接到处理办法。",
    ),
    Rule(
        23,
        "编制下沉",
        "只有编制划转、且调入单位均为乡镇（街道）单位（乡镇、街道机关，乡镇领域的单位，或乡镇级区划的单位）的，才能标记为编制下沉，并注明县编乡用或乡编乡用；标记不改变编制数字，下沉编制按乡镇（街道）、生效年度和下沉方式统计。",
    ),
    Rule(
        26,
        "周转池用途与借用编制",
        "每个行政区划的每类编制可分设统筹编制、急需紧缺人才周转池和行政编制储备（只存放行政编制）三个周转池，各池余额都计入编制总量控制；调整周转池未注明用途的，视为统筹编制。急需紧缺人才周转池的编制只能借用：借出数不得超过该池余额，须约定归还条件（人走编回、到期归还，或二者兼有），借出时计入借用单位核定数并核发用编通知单。使用借用编制的人员出编或调出的，编制随即归还周转池；到期未还的由每日到期处理或编办收回，同时注销借用通知单的剩余名额，借用编制上仍有人员的，该单位显示为超编，待自然减员消化。借出、归还都以编制调整办理，留有记录。",
    ),
    Rule(
        27,
        "高层次人才专项编制",
        "满编、超编的事业单位引进高层次人才，可经批准从周转池（统筹编制或急需紧缺人才周转池）核定高层次人才专项编制，写明引进的人才及领域。专项编制专编专用：只能凭在专项编制上核准的用编通知单使用，不超过专项编制的空余名额，本单位常规编制的进人不能占用专项编制；专项编制及其在编人员单列为“专项编制核定、实有”，不计入该单位的核定、实有、空编和超编，不掩盖超编。持有人出编或调出的，专项编制随即收回原周转池（人走编收）。专项编制计入编制总量控制。",
    ),
)
NUMBERS = frozenset(rule.number for rule in RULES)

# "规则 6", "规则6", "规则 6、17", "规则 9 和 10": each number becomes a link to its rule.
CITATION = re.compile(r"规则\s*\d+(?:\s*(?:、|，|,|和|及|与)\s*\d+)*")
NUMBER = re.compile(r"\d+")


def rule_url(number: int) -> str:
    return f"{reverse('rules')}#rule-{number}"


def _link_number(match: re.Match) -> str:
    number = int(match.group())
    if number not in NUMBERS:
        return match.group()
    return format_html('<a href="{}" class="bz-rule-link">{}</a>', rule_url(number), number)


def link_rules(text) -> str:
    """``text`` escaped, with every rule number it cites linked to the rules page."""
    escaped = str(conditional_escape(text))
    return mark_safe(
        CITATION.sub(lambda citation: NUMBER.sub(_link_number, citation.group()), escaped)
    )


class RulesView(TemplateView):
    """规则说明: every held rule in domain order; any signed-in user (the login middleware)."""

    template_name = "rules.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rules"] = RULES
        return context
