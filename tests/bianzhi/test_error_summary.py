"""The error summary at the top of a form that failed validation (includes/error_summary.html):
every problem in the order of the page, each field's linked to the field (rows of a formset
named by their number), what belongs to no field as text with its rule linked."""

from django import forms
from django.template import Context, Template

from bianzhi.templatetags.bianzhi import ErrorEntry, error_entries


class LineForm(forms.Form):
    name = forms.CharField(label="单位")
    count = forms.IntegerField(label="调整数")


class HeaderForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    summary = forms.CharField(label="调整事项")
    kind = forms.ChoiceField(
        label="事项类别", choices=[("a", "甲"), ("b", "乙")], widget=forms.RadioSelect
    )

    def clean(self):
        raise forms.ValidationError("核定数不能小于 0（规则 4）")


LineFormSet = forms.formset_factory(LineForm, extra=0)


def test_each_field_error_links_to_its_field_and_rows_are_numbered():
    form = HeaderForm(data={})
    lines = LineFormSet(
        data={
            "form-TOTAL_FORMS": "2",
            "form-INITIAL_FORMS": "0",
            "form-0-name": "本单位",
            "form-0-count": "3",
            "form-1-name": "兄弟单位",
            "form-1-count": "x",
        }
    )
    assert error_entries(form, lines) == [
        ErrorEntry("核定数不能小于 0（规则 4）"),
        ErrorEntry("该字段是必填项。"),  # the hidden field: nothing to link to
        ErrorEntry("该字段是必填项。", "调整事项", "id_summary"),
        ErrorEntry("该字段是必填项。", "事项类别", "id_kind_0"),
        ErrorEntry("输入整数。", "第 2 行 调整数", "id_form-1-count"),
    ]


def test_an_unbound_or_valid_form_has_no_summary():
    html = Template("{% load bianzhi %}{% error_summary form %}").render(
        Context({"form": LineForm()})
    )
    assert "bz-error-summary" not in html
    assert error_entries(LineForm(data={"name": "本单位", "count": "1"})) == []


def test_the_summary_links_fields_and_rules():
    html = Template("{% load bianzhi %}{% error_summary form %}").render(
        Context({"form": HeaderForm(data={"token": "t", "summary": "划转", "kind": "a"})})
    )
    assert 'class="alert alert-danger bz-error-summary" tabindex="-1"' in html
    assert "请更正以下 1 处问题" in html
    assert '<li>核定数不能小于 0（规则 <a href="/rules/#rule-4"' in html
