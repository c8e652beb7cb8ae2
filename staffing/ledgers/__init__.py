"""Ledgers of quotas (domain.md §4): 机构编制台账 (``institutions``), 编制调整台账, 用编台账 and
超编单位台账 (``quotas``), 领导职数台账 and 领导职数调整台账 (``leadership``), 领导职数配备台账
(``holders``), 编制下沉统计台账 (``push_down``), 周转池台账 and 高层次人才专项编制台账 (``pools``)."""

from . import holders, institutions, leadership, pools, push_down, quotas

__all__ = ["holders", "institutions", "leadership", "pools", "push_down", "quotas"]
