"""The 自查 list: one table for the page and its ledger (checks.ledgers)."""

import django_tables2 as tables
from django.utils.html import format_html, format_html_join

from bianzhi.rules import link_rules


class BreachTable(tables.Table):
    rule = tables.Column(accessor="rule_label", verbose_name="规则")
    title = tables.Column(verbose_name="问题")
    institution = tables.Column(accessor="institution_name", verbose_name="单位")
    subject = tables.Column(verbose_name="对象")
    detail = tables.Column(verbose_name="情况")
    fix = tables.Column(verbose_name="处理办法")
    # The buttons apps above checks add to a row (registry.register_row_action); not exported.
    actions = tables.Column(
        verbose_name="", empty_values=(), orderable=False, exclude_from_export=True
    )

    class Meta:
        orderable = False
        empty_text = "没有发现问题。"

    def __init__(self, *args, renderers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.renderers = list(renderers)
        if not self.renderers:
            self.columns.hide("actions")

    def render_actions(self, record):
        return format_html_join("", "{}", ((render(record),) for render in self.renderers))

    def render_rule(self, value):
        return format_html('<span class="text-nowrap">{}</span>', link_rules(value))

    def render_subject(self, value, record):
        return format_html('<a href="{}">{}</a>', record.url, value)

    def render_fix(self, value):
        return format_html('<span class="small text-muted">{}</span>', link_rules(value))
