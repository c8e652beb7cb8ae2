"""人员信息采集表: the office's import page, blank template, and the office admin's 补录开关."""

from django import forms
from django.urls import reverse

from bianzhi import access
from bianzhi.excel.views import BackgroundImportView, ImportForm, TemplateDownloadView
from bianzhi.pickers import unit_picker
from bianzhi.views import ServiceFormView
from orgs.models import Institution

from ..imports.roster import RosterImporter
from ..imports.roster_switch import roster_switch_set
from ..imports.templates import roster_template
from ..models import Person, RosterImportSwitch


class RosterImportForm(ImportForm):
    over_document = forms.CharField(
        label="超编依据文件文号",
        max_length=100,
        required=False,
        help_text="导入后超出核定数的行须依据已登记的批准文件，否则逐行列为错误。",
    )
    over_reason = forms.CharField(
        label="超编原因", max_length=200, required=False, help_text="与文号一并填写，记入变更历史。"
    )


class RosterImportView(BackgroundImportView):
    model = Person
    form_class = RosterImportForm
    title = "人员信息采集表导入"
    intro = (
        "用于首次采集现有在编人员（列与实名制花名册相同，顺序不限）：已有实名人员记录的单位不能再导入，"
        "确需补录的由编办管理员开启该单位的补录开关。先校验整个文件，有任何错误则不写入；超出核定数的行"
        "须填写超编依据文件和超编原因。导入不占用用编通知单；新进人员请办理入编登记或变动申报。"
    )
    importer = RosterImporter
    template_url_name = "people:roster_template"

    def form_valid(self, form):
        self.over = {
            "over_document": form.cleaned_data["over_document"],
            "over_reason": form.cleaned_data["over_reason"],
        }
        return super().form_valid(form)

    def job_options(self):
        return self.over


class RosterTemplateView(TemplateDownloadView):
    model = Person
    filename = "人员信息采集表（模板）.xlsx"

    def build(self) -> bytes:
        return roster_template()


class RosterSwitchForm(forms.Form):
    institution = forms.ModelChoiceField(
        label="单位", queryset=Institution.objects.none(), widget=unit_picker()
    )
    is_open = forms.TypedChoiceField(
        label="补录导入",
        choices=[("1", "开启（允许再次导入）"), ("0", "关闭")],
        coerce=lambda value: value == "1",
    )
    reason = forms.CharField(label="理由", max_length=200, help_text="记入变更历史。")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        institutions = access.restrict(Institution.objects.all(), user)
        self.fields["institution"].queryset = institutions.order_by("full_name")


class RosterSwitchView(ServiceFormView):
    """The office admin opens or closes a unit's 补录导入; the page lists the switches set."""

    model = RosterImportSwitch
    action = access.Action.CHANGE
    form_class = RosterSwitchForm
    template_name = "people/roster_switch.html"
    success_message = "已保存补录开关。"

    def perform(self, form):
        return roster_switch_set(actor=self.request.user, **form.cleaned_data)

    def get_success_url(self, result):
        return reverse("people:roster_switch")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        switches = self.get_queryset().select_related("institution").order_by("-is_open", "pk")
        context["switches"] = [
            (switch, switch.history.select_related("history_user").first()) for switch in switches
        ]
        return context
