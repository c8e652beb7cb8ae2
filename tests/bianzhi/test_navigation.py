"""The navigation menu (bianzhi.access.MENU): what each role is offered, written out by hand, and
that the menu and the pages agree on who may open what."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from bianzhi import access
from tests.kit.factories import UserFactory, make_user

# Offered to every signed-in user, a role or not.
EVERYONE = [
    "工作台",
    "机构名录",
    "机构树",
    "内设机构",
    "批准文件",
    "编制调整",
    "用编通知单",
    "领导职数",
    "公立医院备案管理",
    "实名制花名册",
    "退休预测",
    "机构编制管理证",
    "公示",
    "证书核验",
]
IMPORTS = [
    "机构编制信息采集表导入",
    "人员信息采集表导入",
    "我的导入",
    "机构编制信息采集表模板",
    "人员信息采集表模板",
]
REGION = [
    "总量控制与周转池",
    "编制周转池与借用",
    "用编进人计划",
    "区域概况与核查",
    "本年度未年审单位",
    "评估考核批次",
    "指标体系",
]
# 部门协同: the office and the partner departments (财政 uploads its payroll).
COOPERATION = ["工资统发核对"]
# Offered to the office (and to the reviewer of a bureau with schools, tests/schools).
SCHOOLS = ["中小学编制"]
# Offered to every role, each within its scope.
ROLES = [
    "编制下沉统计",
    "空编收回",
    "人才专项编制",
    "跟踪问效",
    "评估考核结果",
    "问题台账",
    "问题整改统计",
    "经费核定",
]
# Offered to the institution-scoped roles: their own plan lines.
UNITS = ["本单位用编进人计划"]
# Offered to those who issue certificates.
ISSUERS = ["可发证单位"]
OFFERED = {
    "office_admin": [
        *EVERYONE,
        *SCHOOLS,
        *ROLES,
        *REGION,
        *ISSUERS,
        *COOPERATION,
        "变动申报",
        "入编登记",
        "报送督查",
        "编制自查",
        "违规案件",
        "登记问题",
        "台账导出",
        *IMPORTS,
        "人员信息采集表补录开关",
        "导出上报数据包",
        "导入下级数据包",
        "账号",
        "批量创建经办人账号",
        "登录日志",
        "访问日志",
        "接口令牌",
        "身份确认",
    ],
    "office_staff": [
        *EVERYONE,
        *SCHOOLS,
        *ROLES,
        *REGION,
        *ISSUERS,
        *COOPERATION,
        "变动申报",
        "入编登记",
        "报送督查",
        "编制自查",
        "违规案件",
        "登记问题",
        "台账导出",
        *IMPORTS,
        "身份确认",
    ],
    "partner": [*EVERYONE, *ROLES, *REGION, *COOPERATION, "变动申报", "报送督查", "台账导出"],
    # 组织 and 人社 confirm the identity statuses of their department (rule 47).
    "partner_organization": [
        *EVERYONE,
        *ROLES,
        *REGION,
        *COOPERATION,
        "变动申报",
        "报送督查",
        "台账导出",
        "身份确认",
    ],
    "partner_human_resources": [
        *EVERYONE,
        *ROLES,
        *REGION,
        *COOPERATION,
        "变动申报",
        "报送督查",
        "台账导出",
        "身份确认",
    ],
    "reviewer": [*EVERYONE, *ROLES, *UNITS, "变动申报", "报送督查", "台账导出"],
    "clerk": [*EVERYONE, *ROLES, *UNITS, "变动申报", "台账导出", "本单位花名册"],
    "nobody": EVERYONE,
    "superuser": [*EVERYONE, "系统管理"],
}
# Pages the menu leaves out for some users that open for them all the same.
OPEN_BEYOND_THE_MENU = {
    "certificates:review_pending",  # every role's own certificates; 年审 is the region's task
    "certificates:ready_list",  # every role's own units; issuing is the office's task
    "exports:index",  # the page opens; starting an export needs a role
    "imports:index",  # the page opens, listing the user's own uploads (none without the right)
    "admin:index",  # Django admin answers with its own login page
    "plans:line_list",  # every role's own plan lines; the region's roles have the plan page
}


def offered_labels(user) -> list[str]:
    labels = []
    for entry in access.menu_for(user):
        labels.extend(link["label"] for link in entry.get("links", [entry]))
    return labels


@pytest.fixture
def users(world):
    return {
        **world.users,
        "nobody": UserFactory(username="nobody"),
        "partner_organization": make_user(
            access.Role.PARTNER, region=world.region, department=access.Department.ORGANIZATION
        ),
        "partner_human_resources": make_user(
            access.Role.PARTNER,
            region=world.region,
            department=access.Department.HUMAN_RESOURCES,
        ),
        "superuser": User.objects.create_superuser("root", "root@example.cn", "x"),
    }


@pytest.mark.parametrize("who", OFFERED)
def test_each_role_is_offered_its_pages(users, who):
    assert sorted(offered_labels(users[who])) == sorted(OFFERED[who])


def test_the_clerks_roster_link_is_its_own_unit(client, world):
    (entry,) = [e for e in access.menu_for(world.users["clerk"]) if e["label"] == "本单位花名册"]
    assert entry["url"] == reverse("people:unit_roster", args=[world.unit.pk])
    client.force_login(world.users["clerk"])
    assert client.get(entry["url"]).status_code == 200


# A user without a role keeps the menu of the registry, whose pages tell it it has none.
@pytest.mark.parametrize(
    "who",
    [
        "office_admin",
        "office_staff",
        "partner",
        "partner_organization",
        "partner_human_resources",
        "reviewer",
        "clerk",
    ],
)
def test_the_menu_offers_what_the_pages_let_the_user_open(client, users, who):
    user = users[who]
    client.force_login(user)
    for entry in access.MENU:
        for link in getattr(entry, "links", [entry]):
            if link.scope_arg:
                continue
            status = client.get(reverse(link.url_name)).status_code
            if link.allows(user):
                assert status == 200, (link.url_name, status)
            elif link.url_name not in OPEN_BEYOND_THE_MENU:
                assert status == 403, (link.url_name, status)


def test_the_highlighted_entry_follows_the_page(client, world):
    client.force_login(world.users["office_staff"])
    page = client.get(reverse("staffing:adjustment_list")).content.decode()
    assert (
        'dropdown-toggle active" href="#" role="button" data-bs-toggle="dropdown">编制管理' in page
    )
    assert page.count(" active") == 1
