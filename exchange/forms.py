import datetime

from django import forms
from django.utils import timezone

from bianzhi.forms import DateInput

FUTURE = "数据截止日期不能晚于今天。"
NOT_ZIP = "请上传 zip 格式的上报数据包。"
EMPTY = "上传的文件是空的。"


class ExportForm(forms.Form):
    as_of = forms.DateField(
        label="数据截止日期",
        widget=DateInput(),
        help_text="数据包反映该日结束时的登记状况（按历史记录回溯）",
    )

    def clean_as_of(self):
        day: datetime.date = self.cleaned_data["as_of"]
        if day > timezone.localdate():
            raise forms.ValidationError(FUTURE)
        return day


class UploadForm(forms.Form):
    package = forms.FileField(
        label="上报数据包",
        help_text="下级编办导出的 zip 文件；确认前只读取清单，不写入数据",
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )

    def clean_package(self):
        upload = self.cleaned_data["package"]
        if not upload.size:
            raise forms.ValidationError(EMPTY)
        if not upload.name.lower().endswith(".zip"):
            raise forms.ValidationError(NOT_ZIP)
        return upload


class ConfirmForm(forms.Form):
    upload = forms.RegexField(regex=r"^[0-9a-f]{32}$", widget=forms.HiddenInput)
