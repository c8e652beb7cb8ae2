"""Forms of 违规案件: each step of handling a case is one small form handed to its service."""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from bianzhi import access
from bianzhi.forms import DateInput, InstitutionPicker, ScopedFormMixin
from orgs.choices import Status
from orgs.models import Institution

from .choices import Category, Channel, Conclusion, FeedbackMethod, Measure

TEXTAREA = {"rows": 3}


class UnitPicker(InstitutionPicker):
    """The one-unit picker shown as a field of the form, with its label and help, rather than
    among the hidden inputs its hidden id input would put it."""

    is_hidden = False

    def __init__(self):
        super().__init__(url_name="orgs:institution_picker")


class IntakeForm(ScopedFormMixin, forms.Form):
    """受理举报. The reporter's name and contact are stored encrypted and shown afterwards only to
    the office admin and the handler (rule 35)."""

    received_on = forms.DateField(label="受理日期", widget=DateInput())
    channel = forms.ChoiceField(label="举报渠道", choices=Channel.choices)
    referred_by = forms.CharField(
        label="转办单位", max_length=100, required=False, help_text="上级或有关部门转办的填写"
    )
    reporter_name = forms.CharField(
        label="举报人", max_length=50, required=False, help_text="匿名举报可不填"
    )
    reporter_contact = forms.CharField(
        label="举报人联系方式",
        max_length=100,
        required=False,
        help_text="电话、地址或网上举报查询码；加密保存，仅编办管理员和承办人可见（规则 35）",
    )
    institution = forms.ModelChoiceField(
        label="被举报单位",
        queryset=Institution.objects.filter(status=Status.ACTIVE),
        required=False,
        widget=UnitPicker(),
        help_text="输入单位名称的一部分，从列表中选择；不涉及具体单位的可不选",
    )
    category = forms.ChoiceField(label="违规类型", choices=Category.choices)
    summary = forms.CharField(label="举报事项", max_length=200)
    content = forms.CharField(label="举报内容", widget=forms.Textarea(attrs=TEXTAREA))
    due_on = forms.DateField(
        label="办理期限",
        required=False,
        widget=DateInput(),
        help_text="不填则为受理日期后 60 天",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_on"].initial = timezone.localdate()
        chosen = self.data.get("institution") if self.is_bound else None
        if chosen and str(chosen).isdigit():
            found = self.fields["institution"].queryset.filter(pk=chosen).first()
            self.fields["institution"].widget.label = found.full_name if found else ""


def office_handlers(user):
    """The office's active users of the user's region (and below): who may handle a case."""
    scope = access.user_scope(user)
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            scope__role__in=access.OFFICE_ROLES,
            scope__region__in=scope.region_ids() if scope else [],
        )
        .order_by("username")
    )


class HandlerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.username


class AssignForm(ScopedFormMixin, forms.Form):
    handler = HandlerChoiceField(label="承办人", queryset=get_user_model().objects.none())

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = office_handlers(self.user)
        if case is not None and case.handler_id:
            self.fields["handler"].initial = case.handler_id


class InvestigationForm(ScopedFormMixin, forms.Form):
    root_cause = forms.CharField(
        label="查根源", required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    process = forms.CharField(label="查过程", required=False, widget=forms.Textarea(attrs=TEXTAREA))
    current_state = forms.CharField(
        label="查现状", required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:
            for name in self.fields:
                self.fields[name].initial = getattr(case, name)


class ConclusionForm(ScopedFormMixin, forms.Form):
    conclusion = forms.ChoiceField(label="调查结论", choices=Conclusion.choices)
    findings = forms.CharField(label="查处结果", widget=forms.Textarea(attrs=TEXTAREA))
    concluded_on = forms.DateField(label="查结日期", widget=DateInput())

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["concluded_on"].initial = timezone.localdate()


class ResponsibleForm(ScopedFormMixin, forms.Form):
    name = forms.CharField(label="姓名", max_length=50)
    post = forms.CharField(label="单位及职务", max_length=100)
    measure = forms.ChoiceField(label="处理措施", choices=Measure.choices)
    detail = forms.CharField(label="处理情况", max_length=300, required=False)

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)


class FeedbackForm(ScopedFormMixin, forms.Form):
    feedback_on = forms.DateField(label="反馈日期", widget=DateInput())
    method = forms.ChoiceField(label="反馈方式", choices=FeedbackMethod.choices)
    note = forms.CharField(
        label="反馈情况",
        max_length=300,
        required=False,
        help_text="向举报人反馈了什么、举报人的意见",
    )

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["feedback_on"].initial = (
            case.feedback_on if case and case.feedback_on else timezone.localdate()
        )
        if case is not None and case.feedback_method:
            self.fields["method"].initial = case.feedback_method
            self.fields["note"].initial = case.feedback_note


class ConfirmForm(ScopedFormMixin, forms.Form):
    """A confirmation with nothing to fill in (办结, 删除责任人员)."""

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)


class ProblemForm(ScopedFormMixin, forms.Form):
    """登记整改问题: a problem of the case's findings, for the 问题台账."""

    institution = forms.ModelChoiceField(
        label="问题单位",
        queryset=Institution.objects.filter(status=Status.ACTIVE),
        widget=UnitPicker(),
        help_text="默认为被举报单位；输入单位名称的一部分，从列表中选择",
    )
    finding = forms.CharField(label="问题描述", widget=forms.Textarea(attrs=TEXTAREA))
    requirement = forms.CharField(label="整改要求", widget=forms.Textarea(attrs=TEXTAREA))
    deadline = forms.DateField(label="整改期限", widget=DateInput())

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:
            self.fields["finding"].initial = case.findings
            if case.institution_id:
                self.fields["institution"].initial = case.institution_id
        self.fields["deadline"].initial = timezone.localdate() + datetime.timedelta(days=30)
        chosen = (
            self.data.get("institution")
            if self.is_bound
            else self.initial.get("institution", self.fields["institution"].initial)
        )
        if chosen and str(chosen).isdigit():
            found = self.fields["institution"].queryset.filter(pk=chosen).first()
            self.fields["institution"].widget.label = found.full_name if found else ""
