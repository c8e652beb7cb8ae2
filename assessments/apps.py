from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "评估考核"

    def ready(self):
        from attachments.registry import OwnerKind, register

        from .evidence import check_add, check_delete
        from .models import Evaluation, IndicatorScore

        register(
            OwnerKind(
                "evaluation",
                Evaluation,
                check_add,
                check_delete,
                hint="自评报告、佐证材料、调查问卷汇总等（PDF 或图片）",
            )
        )
        register(
            OwnerKind(
                "indicator-score",
                IndicatorScore,
                lambda score, user: check_add(score.evaluation, user),
                lambda score, user: check_delete(score.evaluation, user),
                hint="该项指标的佐证材料（PDF 或图片）",
            )
        )
