from django import forms
from django.db import models

from bianzhi.access import Department, Role
from bianzhi.forms import ReasonFormMixin
from bianzhi.pickers import SearchSelect
from orgs.choices import Status

from .services import institutions_with_clerk, manageable_institutions, manageable_regions

REASON_HELP = "将记入账号变动记录，例如：新任经办人、人员调离。"


class ReasonForm(forms.Form):
    reason = forms.CharField(label="原因", max_length=200, help_text=REASON_HELP)


class AccountForm(ReasonFormMixin, forms.Form):
    """An account's name, role and the place its role covers (region or institution)."""

    username = forms.CharField(label="用户名", max_length=150, help_text="登录用，创建后不能修改")
    full_name = forms.CharField(label="姓名", max_length=150)
    role = forms.ChoiceField(label="角色", choices=Role.choices)
    region = forms.ModelChoiceField(
        label="管辖区划",
        queryset=None,
        required=False,
        help_text="编办人员和协作部门人员填写",
    )
    institution = forms.ModelChoiceField(
        label="所在机构",
        queryset=None,
        required=False,
        widget=SearchSelect(label_field="full_name"),
        help_text="主管部门审核员和单位经办人填写",
    )
    may_see_full_id = forms.BooleanField(
        label="可查看完整身份证号", required=False, help_text="仅对协作部门查询人员有效"
    )
    department = forms.ChoiceField(
        label="协作部门",
        choices=[("", "—"), *Department.choices],
        required=False,
        help_text="协作部门查询人员必填；组织部门、人社部门的账号确认其负责的人员身份（规则 47）",
    )

    def __init__(self, *args, user, account=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = REASON_HELP
        self.fields["region"].queryset = manageable_regions(user)
        self.fields["institution"].queryset = manageable_institutions(user).filter(
            status=Status.ACTIVE
        )
        if account is not None:
            del self.fields["username"]

    def clean(self):
        data = super().clean()
        role = data.get("role")
        if role in {Role.OFFICE_ADMIN, Role.OFFICE_STAFF, Role.PARTNER}:
            if not data.get("region"):
                self.add_error("region", "该角色须选择管辖区划。")
            data["institution"] = None
            if role == Role.PARTNER and not data.get("department"):
                self.add_error("department", "协作部门查询人员须选择协作部门。")
        elif role:
            if not data.get("institution"):
                self.add_error("institution", "该角色须选择所在机构。")
            data["region"] = None
        if role != Role.PARTNER:
            data["department"] = ""
        return data


class ClerkUnitsFilter(forms.Form):
    """Which units the batch page lists: one region's at a time (a city has thousands), by
    default only those still without an active clerk."""

    ALL = "all"
    WITHOUT_CLERK = "without"

    region = forms.ModelChoiceField(label="区划", queryset=None, empty_label=None, required=False)
    listing = forms.ChoiceField(
        label="列出",
        choices=[(WITHOUT_CLERK, "尚无经办人的单位"), (ALL, "全部单位")],
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = manageable_regions(user).order_by("code")

    def units(self, user) -> models.QuerySet:
        """The units listed: of the chosen region (the admin's first by default), active, and
        unless all are asked for, without an active clerk."""
        region = listing = None
        if self.is_valid():
            region, listing = self.cleaned_data["region"], self.cleaned_data["listing"]
        region = region or self.fields["region"].queryset.first()
        units = manageable_institutions(user).filter(status=Status.ACTIVE, region=region)
        if listing != self.ALL:
            units = units.exclude(pk__in=institutions_with_clerk())
        return units.order_by("sort_order", "pk")


class ClerkAccountsForm(forms.Form):
    """Units to give a 单位经办人 account each, and how to hand out the initial passwords."""

    institutions = forms.ModelMultipleChoiceField(
        label="单位", queryset=None, widget=forms.CheckboxSelectMultiple
    )
    reason = forms.CharField(label="原因", max_length=200, help_text=REASON_HELP)
    output = forms.ChoiceField(
        label="初始密码",
        choices=[("print", "显示可打印清单"), ("xlsx", "下载 Excel")],
        initial="print",
        widget=forms.RadioSelect,
        help_text="初始密码只显示或导出这一次，首次登录时必须修改。",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institutions"].queryset = (
            manageable_institutions(user)
            .filter(status=Status.ACTIVE)
            .select_related("region")
            .order_by("region__code", "sort_order", "pk")
        )


class AddressUnlockForm(forms.Form):
    ip_address = forms.GenericIPAddressField(label="IP 地址")
