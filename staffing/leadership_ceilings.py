"""Ceilings of a unit's leadership posts (领导职数) by its level, for ``staffing.services``
(issue 14, item 13; domain rule 5).

A unit normally has one head (单位正职) and a number of deputies (单位副职) that grows with its
level (规格). Approving more is granted by the level above the unit's region, so it is refused
unless the setting cites an approving document issued above the region (``orgs.levels
.issued_above``: the document's 所属区划 is a region above the unit's). The ceilings:

=====================  ========  ========
unit level (规格)       单位正职   单位副职
=====================  ========  ========
正厅级、副厅级            1          6
正处级、副处级            1          5
正科级                    1          4
副科级、股级、未定级        1          3
=====================  ========  ========

Only the unit's own posts are bounded here; internal departments' posts and 其他职数 (e.g. 纪检组长)
are not. The question is asked whenever a unit's quota is set above its ceiling.
"""

from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Q, Value, When

from orgs.choices import Level
from orgs.levels import issued_above

from .choices import PostKind

HEADS = 1
DEPUTIES_BY_LEVEL = {
    Level.BUREAU: 6,
    Level.DEPUTY_BUREAU: 6,
    Level.DIVISION: 5,
    Level.DEPUTY_DIVISION: 5,
    Level.SECTION: 4,
}
DEPUTIES_OTHERWISE = 3  # 副科级, 股级 and 未定级

BOUNDED_POSTS = (PostKind.UNIT_HEAD, PostKind.UNIT_DEPUTY)

LEADERSHIP_ABOVE_CEILING = (
    "“%(institution)s”为%(level)s单位，%(post)s一般不超过 %(ceiling)d 名；核定 %(approved)d 名"
    "超出常规职数，须由%(region)s的上级批准，请在“依据文件文号”中填写上级机构编制部门的批准文件"
    "（规则 5）。"
)


def ceiling(post_kind: str, level: str) -> int | None:
    """The most posts of ``post_kind`` a unit of ``level`` holds without a document from above;
    None for posts not bounded here."""
    if post_kind == PostKind.UNIT_HEAD:
        return HEADS
    if post_kind == PostKind.UNIT_DEPUTY:
        return DEPUTIES_BY_LEVEL.get(level, DEPUTIES_OTHERWISE)
    return None


def ceiling_expression(prefix: str = "") -> Case:
    """``ceiling`` as a database expression over a leadership quota (or the row at ``prefix``),
    for the standing check; NULL for posts not bounded here."""
    post_kind, level = f"{prefix}post_kind", f"{prefix}institution__level"
    deputies = [
        When(Q(**{post_kind: PostKind.UNIT_DEPUTY, level: lvl}), then=Value(n))
        for lvl, n in DEPUTIES_BY_LEVEL.items()
    ]
    return Case(
        When(Q(**{post_kind: PostKind.UNIT_HEAD}), then=Value(HEADS)),
        *deputies,
        When(Q(**{post_kind: PostKind.UNIT_DEPUTY}), then=Value(DEPUTIES_OTHERWISE)),
        default=None,
        output_field=IntegerField(),
    )


def check_leadership_ceiling(quota) -> None:
    """Above the ceiling only with a document issued above the unit's region."""
    if quota.department_id:
        return
    limit = ceiling(quota.post_kind, quota.institution.level)
    if limit is None or quota.approved <= limit:
        return
    institution = quota.institution
    if issued_above(quota.document, institution.region):
        return
    raise ValidationError(
        {
            "approved": LEADERSHIP_ABOVE_CEILING
            % {
                "institution": institution.full_name,
                "level": Level(institution.level).label if institution.level else "未定级",
                "post": PostKind(quota.post_kind).label,
                "ceiling": limit,
                "approved": quota.approved,
                "region": institution.region.name,
            }
        }
    )
