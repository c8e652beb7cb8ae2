"""机构编制信息采集表: loading institutions with their quota lines, internal departments and
leadership quotas from a workbook (``institutions``; columns in ``institutions_format``)."""
