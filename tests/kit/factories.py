"""factory_boy factories. Domain rows are written through history-aware saves with the system actor
so that every factory-made row has the history a real one would have."""

import factory
from django.contrib.auth import get_user_model

from bianzhi.access import REGION_ROLES, Role
from bianzhi.history import attribute, system_actor
from orgs.choices import Category, InstitutionKind, Level, PublicServiceClass, RegionLevel, System
from orgs.models import ApprovalDocument, Institution, InternalDepartment, Region, UserScope

from .clock import YEAR, day

PASSWORD = "correct-horse-battery-staple"


class TrackedFactory(factory.django.DjangoModelFactory):
    """Saves through ``attribute`` so history names the system actor and a reason."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        instance = model_class(*args, **kwargs)
        attribute(instance, actor=system_actor(), reason="测试数据")
        instance.save()
        return instance


class RegionFactory(TrackedFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{990200 + n:06d}")
    name = factory.Sequence(lambda n: f"测试县{n}")
    level = RegionLevel.COUNTY


class DocumentFactory(TrackedFactory):
    class Meta:
        model = ApprovalDocument

    number = factory.Sequence(lambda n: f"测编发〔{YEAR}〕{n + 1}号")
    title = factory.Sequence(lambda n: f"关于机构编制事项的批复（{n + 1}）")
    issuer = "测试县机构编制委员会"
    issued_on = day(1, 15)
    region = factory.SubFactory(RegionFactory)


class InstitutionFactory(TrackedFactory):
    class Meta:
        model = Institution

    full_name = factory.Sequence(lambda n: f"测试县第{n + 1}机关")
    region = factory.SubFactory(RegionFactory)
    kind = InstitutionKind.PARTY_GOVERNMENT
    system = System.GOVERNMENT
    category = Category.WORKING_DEPARTMENT
    level = Level.SECTION


class PublicInstitutionFactory(InstitutionFactory):
    full_name = factory.Sequence(lambda n: f"测试县第{n + 1}事业单位")
    kind = InstitutionKind.PUBLIC_INSTITUTION
    system = System.OTHER
    category = Category.SUBORDINATE_INSTITUTION
    level = Level.DEPUTY_SECTION
    public_service_class = PublicServiceClass.CLASS_ONE


class DepartmentFactory(TrackedFactory):
    class Meta:
        model = InternalDepartment

    institution = factory.SubFactory(InstitutionFactory)
    name = factory.Sequence(lambda n: f"第{n + 1}股")
    level = Level.UNIT


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def make_user(role: Role, *, region=None, institution=None, username=None, **scope_fields):
    """A user with ``role`` over ``region`` (region-wide roles) or ``institution``."""
    user = UserFactory(
        username=username or f"{role.value}-{UserFactory._meta.model.objects.count()}"
    )
    if role in REGION_ROLES:
        scope = UserScope(user=user, role=role, region=region, **scope_fields)
    else:
        scope = UserScope(user=user, role=role, institution=institution, **scope_fields)
    attribute(scope, actor=system_actor(), reason="测试数据")
    scope.save()
    return user
