"""Words the office uses for a stored value, where they depend on the unit (labels only).

Civil servants are not on 管理岗位: that is 事业单位 岗位设置 vocabulary. For organ and 参公 staff
the management post category is shown as 公务员 职务/职级; the stored value stays ``management``.
"""

from orgs.choices import ORGAN_KINDS, InstitutionKind

from .choices import PostCategory

CIVIL_SERVANT_POST_LABEL = "公务员职务职级"
CIVIL_SERVICE_LABEL_KINDS = ORGAN_KINDS | {InstitutionKind.CIVIL_SERVANT_MANAGED}


def post_category_label(post_category: str, institution_kind: str) -> str:
    """The post category as shown for a person of a unit of ``institution_kind``."""
    if post_category == PostCategory.MANAGEMENT and institution_kind in CIVIL_SERVICE_LABEL_KINDS:
        return CIVIL_SERVANT_POST_LABEL
    if not post_category:
        return ""
    return PostCategory(post_category).label
