"""What kind of organisation a registry row is, from its name and 企业类型: a maker, or something that is not.

Registration exports are mostly shops, co-operatives, contractors, traders and service units; their scopes list
the goods they sell, which must not place them on a chain. The kind decides which evidence counts
(:data:`SEGMENTS`):
- ``outlet`` (shops, co-operatives, fuel stations, post and bank branches, hotels and restaurants, contractors,
  real estate, representative offices): none — such a unit is on no chain whatever its scope lists;
- ``trader`` (物资, 贸易, 商贸, 进出口 … companies): only trade evidence, for the chains' trade segments
  (pharmaceutical wholesale, brands and channels);
- ``service`` (service bureaus and companies, transport, repair, rental, design, consulting, schools, hospitals,
  utilities …): only service evidence, for the chains' service segments (plant O&M, ship repair, testing);
- ``maker`` (厂, 制造, 制品, 加工 … in the name) and ``firm`` (nothing said): every kind of evidence.
A name that says the unit makes things (…厂, …制造有限公司) is a maker even with a trade word in it, except
repair works (修理厂), bank offices named after a works (…化肥厂支行), old 生产资料 trading companies and
co-operatives' counters (供销社…生产门市部: a shop selling means of production, LABELLING.md rule 2); an industry word (化工, 机械) makes a maker only when no
outlet, trade or service word is in the name (化工贸易 is a trader), or stands after a service word: a name's last
word is its head (电信电机配件 makes motor parts). The module also holds the name words the rules read
(non-manufacturing, vague, equipment).

A **branch** (分公司, 分厂, 分店, 企业类型 …分支机构/非法人) is a production site when its name or scope says it
makes things, else a sales office; either way the words of its name before 分公司 are its parent's, so only its
own scope and its own name part count (a KFC branch is not a food maker because the parent's name says 食品).

>>> [kind_of(n).kind for n in ("临池供销社小临池门市部", "淄博华鼎化工设备制造有限公司", "青岛颐浩瑞建筑工程有限公司",
...                           "中国石化销售有限公司山东石油分公司第一加油站", "烟台物资贸易公司", "济南市长清区服务公司")]
['outlet', 'maker', 'outlet', 'outlet', 'trader', 'service']
>>> kind_of("青岛肯德基有限公司烟台市分公司").branch, kind_of("青岛肯德基有限公司烟台市分公司").own_name
(True, '烟台市分公司')
"""
from __future__ import annotations

import functools
import re
from typing import NamedTuple

# kind -> name words, checked in this order (the first kind whose word is in the name wins, after MAKER_WORDS)
KIND_WORDS: dict[str, tuple[str, ...]] = {
    "outlet": (
        "供销社", "供销合作社", "合作商店", "门市部", "商店", "商行", "经营部", "百货", "超市", "商场", "商城",
        "批发部", "零售", "便利店", "专卖店", "分销店", "代销店", "购物", "加油站", "加气站", "油库", "邮政", "邮电",
        "银行", "支行", "信用社", "信用合作", "储蓄所", "分理处", "保险", "证券", "宾馆", "酒店", "饭店", "餐厅", "酒楼",
        "饭庄", "副食", "招待所", "旅馆", "旅社", "餐饮", "快餐", "食府", "火锅", "度假村", "大厦", "建筑工程", "建设工程",
        "安装工程", "装饰工程", "装饰装修", "装饰设计", "建筑装饰", "装饰有限", "装饰公司", "装潢", "装修工程", "建筑安装", "建筑公司", "建筑有限", "建工", "建设集团",
        "建设有限", "市政", "路桥", "园林", "房地产", "置业", "地产", "房产", "物业", "代表处", "办事处", "营业部", "营业分点", "营业点",
        "营业所", "药房", "药店", "诊所", "医院", "卫生院", "卫生室", "学校", "大学", "学院", "幼儿园", "工会",
    ),
    "trader": ("物资", "贸易", "商贸", "经贸", "科贸", "购销", "外贸", "进出口", "供销", "经销", "商务", "销售", "生产资料"),
    "service": (
        "服务", "管理所", "管理站", "管理处", "咨询", "设计院", "勘察", "勘测", "运输", "物流", "货运", "客运",
        "快递", "修理", "维修", "租赁", "旅行社", "旅游", "广告", "传媒", "文化", "教育", "培训", "人力资源",
        "家政", "投资", "资产管理", "担保", "典当", "拍卖", "供电", "电力", "供水", "自来水", "燃气", "热力",
        "公交", "出租", "驾校", "电信", "移动", "联通", "网络科技", "信息咨询", "评估", "会计", "财务", "律师", "中介",
        "经纪", "拆迁", "保安", "停车", "殡葬", "农场", "林场", "养殖", "种植", "合作社",
    ),
}
# words that say a unit makes things: such a name is a maker whatever else it says (repair works excepted)
MAKING_WORDS = ("厂", "制造", "制品", "加工", "生产", "织造", "铸造", "锻造", "酿造", "制药", "制衣", "冶炼", "印刷", "彩印",
                "印染", "染整")
# words of an industry: a maker when the name says nothing else (化工贸易 is a trader, 化工 alone a maker)
INDUSTRY_WORDS = ("药业", "纺织", "化工", "化纤", "机械", "机电", "电子", "电器", "电机", "材料", "塑业", "塑胶",
                  "纸业", "木业", "食品", "重工", "工业", "装备", "设备", "仪器", "仪表", "钢铁", "特钢", "铝业",
                  "服装", "服饰", "针织", "轮胎", "橡胶", "家具", "涂料", "化学", "生物", "科技", "光电", "半导体",
                  "新能源", "矿业", "实业",
                  # a product before 业 names the trade (茶业, 煤业); 印务 is a printing house
                  "茶业", "煤业", "煤矿", "米业", "麻业", "棉业", "钢业", "铜业", "盐业", "酒业", "乳业", "糖业", "胶业", "印务",
                  "印业")
# … those that, after a trade or service word, make the name a maker's (电信电机配件): the words of one trade's
# goods, not of equipment or materials for any trade (电力设备, 物流装备, 环保材料 are often dealers and installers)
HEAD_INDUSTRY_WORDS = ("药业", "纺织", "化工", "化纤", "电子", "电器", "电机", "塑业", "塑胶", "纸业", "木业", "食品",
                       "服装", "服饰", "针织", "轮胎", "橡胶", "家具", "涂料", "光电", "半导体", "钢铁", "特钢", "铝业",
                       "煤业", "煤矿")
NOT_MAKERS = ("修理厂", "维修厂", "修配厂", "汽修", "生产资料", "门市部", "供销社", "供销合作社", "支行", "分理处", "储蓄所",
              "工会")
# the last word of a unit that is a shop (…分店, …名家店, …路店), whatever the company it belongs to makes, unless its
# own words say it makes things (not 站: a county 食品站 is a slaughterhouse)
OUTLET_ENDS = ("店",)
BRANCH = re.compile(r"(?:分公司|支行|分厂|分店|分部|分场|分社|支公司|分支机构|分销处|分中心)")
BRANCH_TYPES = ("分支机构", "非法人", "分公司", "常驻代表机构", "营业单位")
OFFICE_TYPES = ("常驻代表机构",)
COMPANY_SUFFIX = re.compile(r"(?:有限责任公司|股份有限公司|有限公司|集团公司|总公司|公司)")
# the segments (by what a firm on them does: make, trade, service) each kind of unit may be placed on
SEGMENTS = {"outlet": frozenset(), "trader": frozenset({"trade"}), "service": frozenset({"service"}),
            "maker": frozenset({"make", "trade", "service"}), "firm": frozenset({"make", "trade", "service"})}



# words in a name or label that mark a firm outside manufacturing: finance, property, trade and retail, repair and
# rental, logistics, hospitality, public services, power plants
NON_MANUFACTURING_WORDS = (
    "银行", "信用社", "农商行", "保险", "证券", "期货", "基金", "信托", "担保", "小额贷款", "典当", "融资租赁",
    "房地产", "置业", "地产", "房产", "物业", "酒店", "宾馆", "饭店", "餐饮", "超市", "百货", "商场", "购物",
    "零售", "商贸", "贸易", "进出口", "经销", "代理", "专卖", "服装店", "市场管理", "药房", "药店", "连锁",
    "租赁", "维修", "物流", "快递", "货运", "客运", "港口", "码头", "航空公司", "旅游", "旅行社", "传媒", "广告",
    "教育", "培训", "学校", "大学", "学院", "医院", "诊所", "律师", "会计师", "人力资源", "家政", "投资管理",
    "资产管理", "投资控股", "建设集团", "市政工程", "园林", "影视", "文化", "体育", "电信", "移动通信",
    "发电有限", "电厂", "风电场", "光伏电站", "供电", "电网",
)
NON_MANUFACTURING_ANY = re.compile("|".join(map(re.escape, NON_MANUFACTURING_WORDS)))   # a quick "none of them"
# words that say a firm makes things: they cancel a non-manufacturing word (物流装备制造 is a manufacturer)
MANUFACTURING_WORDS = ("制造", "生产", "加工", "制品")
VAGUE_NAME = re.compile("实业|科技|工贸")   # name words of any trade: they do not say the unit makes things
EQUIPMENT_AFTER = ("设备", "机械", "装备", "器材", "仪器")   # 化工设备: equipment for an industry, not the industry


class OrgKind(NamedTuple):
    kind: str          # outlet | trader | service | maker | firm
    word: str          # the name word (or firm type) that decided it; '' for firm
    branch: bool       # a branch, office or unit of another firm
    own_name: str      # the branch's own part of the name (after the parent's 公司), else the whole name

    @property
    def says_making(self) -> bool:
        """The name says the unit makes things (…厂, …制造): items its scope lists under no verb are made."""
        return self.kind == "maker" and self.word in MAKING_WORDS

    @property
    def segments(self) -> frozenset[str]:
        """The kinds of segment (make, trade, service) this unit may be placed on."""
        return SEGMENTS[self.kind]


@functools.lru_cache(maxsize=200_000)
def kind_of(name: str, firm_type: str = "") -> OrgKind:
    """The unit's kind from its (normalised or raw) name and 企业类型."""
    name = str(name or "")
    firm_type = str(firm_type or "")
    own = name
    branch = bool(BRANCH.search(name)) or any(t in firm_type for t in BRANCH_TYPES)
    if branch:
        parts = COMPANY_SUFFIX.split(name, maxsplit=1)
        if len(parts) == 2 and parts[1]:
            own = parts[1]
    if any(t in firm_type for t in OFFICE_TYPES):
        return OrgKind("outlet", firm_type, True, own)
    if not _NOT_MAKERS.search(own):
        word = _first(MAKING_WORDS, own)
        if word:
            return OrgKind("maker", word, branch, own)
    unit = COMPANY_SUFFIX.split(own, maxsplit=1)[-1]   # a unit's own words, after its company's name
    if unit.endswith(OUTLET_ENDS) and not _first(MAKING_WORDS, unit):
        return OrgKind("outlet", unit[-1], branch, own)
    for kind, words in (*KIND_WORDS.items(), ("maker", INDUSTRY_WORDS)):
        word = _first(words, own)
        if word:
            if kind == "service" and word != "电力":   # a name's last word is its head: 电信电机配件 makes motor
                # parts (物资化工 trades; 电力电器 makes grid equipment, which no segment holds)
                after = own[own.index(word) + len(word):]
                head = _first(HEAD_INDUSTRY_WORDS, after)
                if head:
                    return OrgKind("maker", head, branch, own)
            return OrgKind(kind, word, branch, own)
    if branch and own is not name:    # the parent's name may say what the group does
        for kind, words in KIND_WORDS.items():
            word = _first(words, name)
            if word:
                return OrgKind(kind, word, branch, own)
    return OrgKind("firm", "", branch, own)


_NOT_MAKERS = re.compile("|".join(NOT_MAKERS))
_ANY = {words: re.compile("|".join(map(re.escape, words))) for words in (MAKING_WORDS, INDUSTRY_WORDS,
                                                                         HEAD_INDUSTRY_WORDS, *KIND_WORDS.values())}


def _first(words: tuple[str, ...], text: str) -> str:
    """The first of ``words`` (in their order) that ``text`` holds, or ''."""
    if not _ANY[words].search(text):
        return ""
    return next(w for w in words if w in text)
