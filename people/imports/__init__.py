"""人员信息采集表: loading a named roster from a workbook (``roster``), the unit clerk's offline
roster round trip (``unit_roster``) and the format both share (``roster_format``)."""
