"""评估考核 on the home page (bianzhi.home): the office's rounds in progress; a unit's
self-assessments to fill (one count query each)."""

from django.urls import reverse

from bianzhi import access
from bianzhi.home import Counter, Panel, Section, register

from .choices import EvaluationStatus
from .selectors import awaiting_self_assessment, rounds_in_progress


@register
class AssessmentsInProgress(Section):
    roles = access.OFFICE_ROLES
    order = 55

    def counters(self, user, today):
        return [
            Counter(
                "进行中的评估考核",
                rounds_in_progress(user).count(),
                reverse("assessments:round_list"),
                hint="机构编制评估、事业单位绩效考核等尚未完成的批次（规则 37）",
            )
        ]

    def panel(self, user, today):
        in_progress = list(rounds_in_progress(user)[:5])
        if not in_progress:
            return None
        return Panel("assessments/includes/home_panel.html", {"in_progress": in_progress})


@register
class SelfAssessmentsToFill(Section):
    roles = access.INSTITUTION_ROLES
    order = 55

    def counters(self, user, today):
        # A unit's home stays free of figures unless there is something to fill.
        waiting = awaiting_self_assessment(user).count()
        if not waiting:
            return []
        return [
            Counter(
                "待填报的自评",
                waiting,
                reverse("assessments:evaluation_list")
                + f"?status={EvaluationStatus.SELF_ASSESSING}",
                hint="机构编制评估、绩效考核的单位自评，填写后提交",
                alert=True,
            )
        ]
