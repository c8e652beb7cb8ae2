"""A county education bureau with its schools, another bureau, and their reviewers: the scene of
the 中小学编制 tests (rule 28)."""

from dataclasses import dataclass

from bianzhi.access import Role
from bianzhi.history import system_actor
from orgs.choices import Relation, Sector
from orgs.models import Institution
from schools import services
from schools.models import SchoolProfile
from tests.kit import builders
from tests.kit.factories import InstitutionFactory, PublicInstitutionFactory, make_user


@dataclass
class Scene:
    bureau: Institution
    senior: Institution  # 高中, 150 approved
    junior: Institution  # 初中, 100 approved
    township: Institution  # 九年一贯制, boarding and township, 80 approved
    other_school: Institution  # under another bureau
    users: dict


def school(region, name, parent, approved):
    institution = PublicInstitutionFactory(
        region=region,
        full_name=name,
        parent=parent,
        relation=Relation.DIRECT,
        sector=Sector.EDUCATION,
    )
    builders.quota(institution, approved)
    return institution


def profile(institution, *stages, boarding=False, township=False) -> SchoolProfile:
    return services.school_profile_save(
        institution=institution,
        actor=system_actor(),
        reason="登记学校",
        senior="senior" in stages,
        junior="junior" in stages,
        primary="primary" in stages,
        boarding=boarding,
        township=township,
    )


def students(profile_, school_year, **counts):
    return services.student_counts_set(
        school=profile_,
        school_year=school_year,
        counts=counts,
        actor=system_actor(),
        reason="登记学生数",
    )


def build_scene(region) -> Scene:
    bureau = InstitutionFactory(region=region, full_name="测试县教育局")
    health = InstitutionFactory(region=region, full_name="测试县卫生健康局")
    senior = school(region, "测试县第一中学", bureau, 150)
    junior = school(region, "测试县第二中学", bureau, 100)
    township = school(region, "测试县东山乡中心学校", bureau, 80)
    other_bureau = InstitutionFactory(region=region, full_name="测试县另一教育局")
    other_school = school(region, "测试县另一中学", other_bureau, 60)
    profile(senior, "senior")
    profile(junior, "junior")
    profile(township, "junior", "primary", boarding=True, township=True)
    profile(other_school, "junior")
    users = {
        "office_admin": make_user(Role.OFFICE_ADMIN, region=region, username="admin"),
        "office_staff": make_user(Role.OFFICE_STAFF, region=region, username="staff"),
        "partner": make_user(Role.PARTNER, region=region, username="partner"),
        "reviewer": make_user(Role.REVIEWER, institution=bureau, username="reviewer"),
        "health_reviewer": make_user(Role.REVIEWER, institution=health, username="health"),
        "other_reviewer": make_user(
            Role.REVIEWER, institution=other_bureau, username="other_reviewer"
        ),
        "clerk": make_user(Role.CLERK, institution=senior, username="clerk"),
    }
    return Scene(bureau, senior, junior, township, other_school, users)
