from django import forms
from django.conf import settings

from bianzhi.excel.safety import human_size
from bianzhi.uploads import ATTACHMENT_NOT_ACCEPTED, ScanField

NO_FILE = "请选择要上传的文件。"


class AttachmentForm(forms.Form):
    """上传附件: the file (checked by content and size) and what it is."""

    file = ScanField(
        label="附件",
        not_accepted=ATTACHMENT_NOT_ACCEPTED,
        widget=forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
        error_messages={"required": NO_FILE},
    )
    description = forms.CharField(
        label="说明",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "如：招聘公示截图、调令扫描件"}),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        limit = human_size(settings.BIANZHI["UPLOAD_MAX_BYTES"])
        self.fields["file"].help_text = f"PDF、JPG 或 PNG 格式，不超过 {limit}。"
