"""Levels (规格) and the authority to grant them, for ``orgs.services`` (issue 14, item 13).

The rules, concrete:

1. **The region sets a ceiling.** An institution's level is normally at most the level its region's
   working bodies hold: 省级 正厅级, 市级 正处级, 县级 正科级, 乡镇级 副科级. The region's leading
   organs (机构类别 领导机关; in a township region also the 乡镇（街道）itself) stand one grade higher:
   省级 正厅级, 市级 正厅级, 县级 正处级, 乡镇级 正科级. A level above the ceiling (高配, e.g. a county
   creating a 正厅级 unit) is granted by the level above, so it is refused unless the change cites
   the approving document (依据文件; for a new institution its establishing document counts). The
   question is asked when the level, category or region is set or changed, not on every edit.
2. **A part never outranks the whole.** An internal department's level may not be higher than its
   institution's (a 正处级 内设机构 inside a 正科级 unit is refused, whatever document is cited: grade
   the institution first); nor may an institution be re-graded below one of its active departments.

未定级 is never above anything; 股级 is the lowest grade.
"""

from django.core.exceptions import ValidationError

from .choices import Category, Level, RegionLevel, Status
from .models import Region

# Highest first; 未定级 is not on the scale.
GRADES = (
    Level.BUREAU,
    Level.DEPUTY_BUREAU,
    Level.DIVISION,
    Level.DEPUTY_DIVISION,
    Level.SECTION,
    Level.DEPUTY_SECTION,
    Level.UNIT,
)
# Region level → (ceiling of its bodies, ceiling of its leading organs).
REGION_CEILINGS = {
    RegionLevel.PROVINCE: (Level.BUREAU, Level.BUREAU),
    RegionLevel.CITY: (Level.DIVISION, Level.BUREAU),
    RegionLevel.COUNTY: (Level.SECTION, Level.DIVISION),
    RegionLevel.TOWNSHIP: (Level.DEPUTY_SECTION, Level.SECTION),
}

LEVEL_ABOVE_REGION = (
    "%(region)s为%(region_level)s区划，其%(what)s规格一般不高于%(ceiling)s；定为%(level)s属于高配，"
    "须由上级批准，请在“依据文件文号”中填写批准文件。"
)
DEPARTMENT_ABOVE_INSTITUTION = (
    "内设机构的规格不能高于所属机构：“%(institution)s”为%(institution_level)s，"
    "其内设机构不能定为%(level)s。请先调整机构规格。"
)
INSTITUTION_BELOW_DEPARTMENTS = (
    "“%(institution)s”下有规格高于%(level)s的内设机构（%(names)s），"
    "内设机构的规格不能高于所属机构，请先调整这些内设机构的规格。"
)


def is_above(level: str, other: str) -> bool:
    """Whether ``level`` is a higher grade than ``other`` (未定级 is above nothing)."""
    if level not in GRADES or other not in GRADES:
        return False
    return GRADES.index(level) < GRADES.index(other)


def leading(region_level: str, category: str) -> bool:
    if category == Category.LEADING_ORGAN:
        return True
    return region_level == RegionLevel.TOWNSHIP and category == Category.TOWNSHIP


def region_ceiling(region_level: str, category: str) -> str | None:
    """The highest level an institution of ``category`` holds in a region of ``region_level``
    without a document of the level above (rule 1 of this module)."""
    ceilings = REGION_CEILINGS.get(region_level)
    if ceilings is None:
        return None
    return ceilings[1] if leading(region_level, category) else ceilings[0]


def level_above_region(institution) -> str | None:
    """The region's ceiling when ``institution`` is graded above it (高配), else None. For the
    office's own lists of 高配 units as well as for the check below."""
    if not institution.region_id or not institution.level:
        return None
    ceiling = region_ceiling(institution.region.level, institution.category)
    if ceiling and is_above(institution.level, ceiling):
        return ceiling
    return None


def check_region_level(institution, document) -> None:
    """Rule 1: above the region's ceiling only with the approving document."""
    ceiling = level_above_region(institution)
    if ceiling is None or document is not None:
        return
    region = institution.region
    raise ValidationError(
        {
            "level": LEVEL_ABOVE_REGION
            % {
                "region": region.name,
                "region_level": RegionLevel(region.level).label,
                "what": "领导机关" if leading(region.level, institution.category) else "机构",
                "ceiling": Level(ceiling).label,
                "level": Level(institution.level).label,
            }
        }
    )


def regions_above(region) -> set[int]:
    """The ids of the regions above ``region`` (its parent, the parent's parent, …)."""
    above = set()
    while region.parent_id:
        region = region.parent
        above.add(region.pk)
    return above


def ancestors_by_region() -> dict[int, set[int]]:
    """Every region's ``regions_above``, from one query: for checks over many units."""
    parents = dict(Region.objects.values_list("pk", "parent_id"))
    above = {}
    for pk in parents:
        chain, parent = set(), parents[pk]
        while parent is not None and parent not in chain:
            chain.add(parent)
            parent = parents.get(parent)
        above[pk] = chain
    return above


def issued_above(document, region, ancestors: dict[int, set[int]] | None = None) -> bool:
    """Whether ``document`` was issued by an authority above ``region``: its region (所属区划)
    is one of the regions above it. What a grant beyond the region's own ceiling cites."""
    if document is None:
        return False
    above = ancestors[region.pk] if ancestors is not None else regions_above(region)
    return document.region_id in above


def check_department_level(department) -> None:
    """Rule 2: a department is not graded above its institution."""
    institution = department.institution
    if is_above(department.level, institution.level):
        raise ValidationError(
            {
                "level": DEPARTMENT_ABOVE_INSTITUTION
                % {
                    "institution": institution.full_name,
                    "institution_level": Level(institution.level).label,
                    "level": Level(department.level).label,
                }
            }
        )


def check_departments_fit(institution) -> None:
    """Rule 2, seen from the institution: it is not re-graded below an active department."""
    above = [
        department.name
        for department in institution.departments.filter(status=Status.ACTIVE).order_by(
            "sort_order", "name"
        )
        if is_above(department.level, institution.level)
    ]
    if above:
        raise ValidationError(
            {
                "level": INSTITUTION_BELOW_DEPARTMENTS
                % {
                    "institution": institution.full_name,
                    "level": Level(institution.level).label,
                    "names": "、".join(above[:5]) + ("等" if len(above) > 5 else ""),
                }
            }
        )
