"""The names the generated city is built from: its regions, the organs every county has, the
units they run, internal departments (the fictional city 示例市; province code 99 does not exist
in GB/T 2260)."""

from orgs.choices import Category, InstitutionKind, System

CITY = ("990100", "示例市")
# Districts and counties of the fictional city (province code 99 does not exist in GB/T 2260).
COUNTIES = (
    ("990102", "临江区"),
    ("990121", "示例县"),
    ("990122", "北山县"),
    ("990123", "南川县"),
    ("990124", "西岭县"),
    ("990181", "东平市"),
    ("990103", "东湖区"),
    ("990125", "青河县"),
    ("990126", "石门县"),
    ("990127", "云溪县"),
    ("990182", "安平市"),
)
UNITS_PER_COUNTY = 560

ORGAN, PUBLIC, MANAGED, MASS = (
    InstitutionKind.PARTY_GOVERNMENT,
    InstitutionKind.PUBLIC_INSTITUTION,
    InstitutionKind.CIVIL_SERVANT_MANAGED,
    InstitutionKind.MASS_ORGANISATION,
)
# (name pattern, kind, system, category, profile used for sizing and departments)
ORGANS = (
    ("中共{r}委员会", ORGAN, System.PARTY, Category.LEADING_ORGAN, "small"),
    ("中共{r}委办公室", ORGAN, System.PARTY, Category.WORKING_DEPARTMENT, "organ"),
    ("中共{r}委组织部", ORGAN, System.PARTY, Category.WORKING_DEPARTMENT, "organ"),
    ("中共{r}委宣传部", ORGAN, System.PARTY, Category.WORKING_DEPARTMENT, "organ"),
    ("中共{r}委统一战线工作部", ORGAN, System.PARTY, Category.WORKING_DEPARTMENT, "organ"),
    ("中共{r}委政法委员会", ORGAN, System.PARTY, Category.WORKING_DEPARTMENT, "organ"),
    ("中共{r}纪律检查委员会", ORGAN, System.PARTY, Category.LEADING_ORGAN, "organ"),
    ("中共{r}委机构编制委员会办公室", ORGAN, System.PARTY, Category.WORKING_DEPARTMENT, "organ"),
    ("{r}人民代表大会常务委员会", ORGAN, System.CONGRESS, Category.LEADING_ORGAN, "organ"),
    ("{r}人民政府", ORGAN, System.GOVERNMENT, Category.LEADING_ORGAN, "small"),
    ("{r}人民政府办公室", ORGAN, System.GOVERNMENT, Category.WORKING_DEPARTMENT, "organ"),
    ("{r}发展和改革局", ORGAN, System.GOVERNMENT, Category.WORKING_DEPARTMENT, "organ"),
    ("{r}教育局", ORGAN, System.GOVERNMENT, Category.WORKING_DEPARTMENT, "organ"),
    ("{r}公安局", ORGAN, System.GOVERNMENT, Category.WORKING_DEPARTMENT, "police"),
    ("{r}民政局", ORGAN, System.GOVERNMENT, Category.WORKING_DEPARTMENT, "organ"),
    ("{r}司法局", ORGAN, System.GOVERNMENT, Category.WORKING_DEPARTMENT, "organ"),
    ("{r}财政局", ORGAN, System.GOVERNMENT, Category.WORKING_DEPARTMENT, "organ"),
    ("{r}人力资源和社会保障局", ORGAN, System.GOVERNMENT, Category.WORKING_DEPARTMENT, "organ"),
    ("{r}自然资源局", ORGAN, System.GOVERNMENT, Category.WORKING_DEPARTMENT, "organ"),
    ("{r}住房和城乡建设局", ORGAN, System.GOVERNMENT, Category.WORKING_DEPARTMENT, "organ"),
    ("{r}交通运输局", ORGAN, System.GOVERNMENT, Category.WORKING_DEPARTMENT, "organ"),
    ("{r}水利局", ORGAN, System.GOVERNMENT, Category.WORKING_DEPARTMENT, "organ"),
    ("{r}农业农村局", ORGAN, System.GOVERNMENT, Category.WORKING_DEPARTMENT, "organ"),
    ("{r}商务局", ORGAN, System.GOVERNMENT, Category.WORKING_DEPARTMENT, "organ"),
    ("{r}文化和旅游局", ORGAN, System.GOVERNMENT, Category.WORKING_DEPARTMENT, "organ"),
    ("{r}卫生健康局", ORGAN, System.GOVERNMENT, Category.WORKING_DEPARTMENT, "organ"),
    ("{r}退役军人事务局", ORGAN, System.GOVERNMENT, Category.WORKING_DEPARTMENT, "organ"),
    ("{r}应急管理局", ORGAN, System.GOVERNMENT, Category.WORKING_DEPARTMENT, "organ"),
    ("{r}审计局", ORGAN, System.GOVERNMENT, Category.WORKING_DEPARTMENT, "organ"),
    ("{r}市场监督管理局", ORGAN, System.GOVERNMENT, Category.WORKING_DEPARTMENT, "organ"),
    ("{r}统计局", ORGAN, System.GOVERNMENT, Category.WORKING_DEPARTMENT, "small"),
    ("{r}医疗保障局", ORGAN, System.GOVERNMENT, Category.WORKING_DEPARTMENT, "small"),
    ("中国人民政治协商会议{r}委员会", ORGAN, System.CPPCC, Category.LEADING_ORGAN, "organ"),
    ("{r}人民法院", ORGAN, System.COURT, Category.OTHER, "court"),
    ("{r}人民检察院", ORGAN, System.PROCURATORATE, Category.OTHER, "court"),
    ("{r}总工会", MASS, System.MASS, Category.OTHER, "small"),
    ("共青团{r}委员会", MASS, System.MASS, Category.OTHER, "small"),
    ("{r}妇女联合会", MASS, System.MASS, Category.OTHER, "small"),
    ("{r}科学技术协会", MASS, System.MASS, Category.OTHER, "small"),
    ("{r}残疾人联合会", MASS, System.MASS, Category.OTHER, "small"),
)
# Public institutions every working department runs (name suffixes).
DEPARTMENT_UNITS = ("服务中心", "事务中心", "信息中心", "综合执法大队", "发展研究中心")
TOWNSHIP_NAMES = "城关东城西城南关北关新华金山银河龙泉凤凰桃源柳林清河白沙黄石青山红岩石桥大坪平安永兴长乐太平和平安乐兴隆丰收"
TOWNSHIP_UNITS = ("农业综合服务中心", "社会事务服务中心", "党群服务中心", "综合行政执法队")
NUMERALS = "零一二三四五六七八九"

DEPARTMENTS = {
    "organ": ("办公室", "政策法规股", "综合业务股", "财务审计股", "人事股"),
    "police": ("指挥中心", "刑事侦查大队", "治安管理大队", "交通警察大队", "政治处"),
    "court": ("立案庭", "刑事审判庭", "民事审判庭", "执行局", "政治部"),
    "hospital": ("办公室", "医务科", "护理部", "药剂科", "财务科", "信息科"),
    "school": ("办公室", "教务处", "政教处", "总务处"),
    "township": ("党政综合办公室", "经济发展办公室", "社会事务办公室", "平安建设办公室"),
    "center": ("办公室", "业务科"),
}


def chinese_number(n: int) -> str:
    """1 → 一, 12 → 十二, 35 → 三十五 (up to 99), then digits."""
    if n < 10:
        return NUMERALS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else NUMERALS[tens]) + "十" + (NUMERALS[ones] if ones else "")
    return str(n)
