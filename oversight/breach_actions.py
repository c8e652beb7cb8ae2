"""The 自查 page's one click (rules 22, 30): each breach row of a unit gets a 登记问题 button, or
a link to the problem already open for it; registered as a row action of ``checks``."""

from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import format_html

from bianzhi import access

from .choices import NOT_CLOSED, ProblemSource
from .models import Problem


def problem_buttons(request, breaches):
    user = request.user
    if not access.can(user, access.Action.ADD, Problem):
        return lambda breach: ""
    codes = {breach.code for breach in breaches}
    recorded = {
        (code, institution_id, subject): pk
        for pk, code, institution_id, subject in access.restrict(Problem.objects.all(), user)
        .filter(source=ProblemSource.SELF_CHECK, status__in=NOT_CLOSED, check_code__in=codes)
        .values_list("pk", "check_code", "institution_id", "check_subject")
    }
    action = reverse("oversight:problem_from_breach")
    token = get_token(request)

    def render(breach) -> str:
        if breach.institution_id is None:
            return ""
        pk = recorded.get((breach.code, breach.institution_id, breach.subject))
        if pk is not None:
            return format_html(
                '<a class="btn btn-sm btn-outline-secondary text-nowrap" href="{}">'
                '<i class="bi bi-journal-check" aria-hidden="true"></i> 已登记问题</a>',
                reverse("oversight:problem_detail", args=[pk]),
            )
        return format_html(
            '<form method="post" action="{}" class="d-inline">'
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<input type="hidden" name="check_code" value="{}">'
            '<input type="hidden" name="institution_id" value="{}">'
            '<input type="hidden" name="subject" value="{}">'
            '<button type="submit" class="btn btn-sm btn-outline-primary text-nowrap"'
            ' title="登记到问题台账，责任单位限期整改">'
            '<i class="bi bi-journal-plus" aria-hidden="true"></i> 登记问题</button></form>',
            action,
            token,
            breach.code,
            breach.institution_id,
            breach.subject,
        )

    return render
