"""Value lists of the indicator engine (评估指标体系) and its uses (rules 36–39)."""

from django.db import models


class SchemeUse(models.TextChoices):
    """What a scheme (指标体系) is used for: one engine, three uses."""

    EVALUATION = "evaluation", "机构编制评估"
    PERFORMANCE = "performance", "事业单位绩效考核"
    FOLLOWUP = "followup", "跟踪问效"


class IndicatorKind(models.TextChoices):
    """指标类型: a group (指标类别) sums its children; 定量 maps a value to points by thresholds
    or a formula; 定性 takes a score within a range, with a note."""

    GROUP = "group", "指标类别"
    QUANTITATIVE = "quantitative", "定量"
    QUALITATIVE = "qualitative", "定性"


class QuantRule(models.TextChoices):
    """How a 定量 indicator turns its value into points."""

    THRESHOLDS = "thresholds", "分档计分"
    FORMULA = "formula", "公式计分"


class IndicatorSource(models.TextChoices):
    """Who supplies an indicator's value or score (评估要素的来源)."""

    ASSESSED = "assessed", "自评与实地评分"
    SURVEY = "survey", "社会评价"
    REVIEW = "review", "专业评审"
    REGISTRY = "registry", "系统计算"


class IndicatorPart(models.TextChoices):
    """共性指标 apply to every unit of the scheme; 个性指标 to one category (分类考评)."""

    COMMON = "common", "共性指标"
    SPECIFIC = "specific", "个性指标"


class EvaluationStatus(models.TextChoices):
    SELF_ASSESSING = "self", "单位自评中"
    SUBMITTED = "submitted", "自评已提交"
    FINISHED = "finished", "已评分"
    PUBLISHED = "published", "已公布"


class Grade(models.TextChoices):
    """考核等次 (seed 001: A、B、C 三个等次)."""

    A = "A", "A（优秀）"
    B = "B", "B（合格）"
    C = "C", "C（不合格）"


class RoundStage(models.TextChoices):
    """The procedure of a round; each use follows its own part of it (``PROCEDURES``)."""

    SELF = "self", "自查自评"
    NOTICE = "notice", "考核预告"
    FIELD = "field", "实地考察"
    SURVEY = "survey", "社会评价"
    REVIEW = "review", "专业评审"
    GRADING = "grading", "确定等次"
    PUBLICITY = "publicity", "公示备案"
    CLOSED = "closed", "已完成"


# 事业单位绩效考核 (seed 001, 茌平县): 自查自评 → 考核预告 → 实地考察 → 社会评价 → 专业评审 →
# 确定等次 → 公示备案. 机构编制评估 (seed 000, 东阿县): 单位自查 → 社会调查和实地评估 → 结果反馈.
PROCEDURES: dict[str, tuple[str, ...]] = {
    SchemeUse.PERFORMANCE: (
        RoundStage.SELF,
        RoundStage.NOTICE,
        RoundStage.FIELD,
        RoundStage.SURVEY,
        RoundStage.REVIEW,
        RoundStage.GRADING,
        RoundStage.PUBLICITY,
        RoundStage.CLOSED,
    ),
    SchemeUse.EVALUATION: (
        RoundStage.SELF,
        RoundStage.FIELD,
        RoundStage.SURVEY,
        RoundStage.GRADING,
        RoundStage.PUBLICITY,
        RoundStage.CLOSED,
    ),
    SchemeUse.FOLLOWUP: (RoundStage.FIELD, RoundStage.GRADING, RoundStage.CLOSED),
}

# The same stage under the name each use gives it.
STAGE_LABELS: dict[str, dict[str, str]] = {
    SchemeUse.EVALUATION: {
        RoundStage.SELF: "单位自评",
        RoundStage.FIELD: "实地评估",
        RoundStage.SURVEY: "社会调查",
        RoundStage.GRADING: "评估定级",
        RoundStage.PUBLICITY: "结果反馈",
    },
    SchemeUse.FOLLOWUP: {RoundStage.FIELD: "定向问效", RoundStage.GRADING: "问效结论"},
}


def stage_label(use: str, stage: str) -> str:
    return STAGE_LABELS.get(use, {}).get(stage, RoundStage(stage).label)
