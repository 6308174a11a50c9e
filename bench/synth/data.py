"""Names, amounts and times the generator fills screens with; each pool has a dev half and an eval half.

Formatting helpers print money and dates the ways the apps do; the truth keeps the plain forms
(amount "1234.50", occurred_at "2025-09-12 12:30[:45]").
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal

SHOPS = {
    "dev": ("星巴克", "瑞幸咖啡", "全家便利店", "麦当劳", "华润万家", "喜茶", "屈臣氏", "永辉超市", "肯德基", "罗森"),
    "eval": (
        "Manner Coffee",
        "7-Eleven便利店",
        "奈雪的茶",
        "盒马鲜生",
        "物美超市",
        "名创优品",
        "蜜雪冰城",
        "Tims天好咖啡",
        "沃尔玛",
        "西西弗书店",
        "茶百道",
        "优衣库",
    ),
}
SHOP_FULL = {
    "dev": ("上海{}餐饮管理有限公司", "北京{}商贸有限公司"),
    "eval": ("深圳市{}实业有限公司", "杭州{}科技有限公司"),
}
PEOPLE = {
    "dev": ("张伟", "李娜", "王芳", "刘洋", "陈静", "Kevin", "小雨", "老周"),
    "eval": ("阿May", "Sunny", "赵晓燕", "孙浩然", "Uncle Wu", "沙沙", "周子涵", "Tina陈", "胡一刀"),
}
RESTAURANTS = {
    "dev": (
        "老王麻辣烫(望京店)",
        "杨国福麻辣烫(中关村店)",
        "肯德基(五道口店)",
        "沙县小吃(上地店)",
        "黄焖鸡米饭(西二旗店)",
    ),
    "eval": (
        "樟荣沙县小吃（浦东上南路店）",
        "袁记云饺（徐汇店）",
        "塔斯汀中国汉堡（龙华店）",
        "霸王茶姬(天河城店)",
        "南城香（望京SOHO店）",
        "太二酸菜鱼（来福士店）",
    ),
}
DISHES = {
    "dev": ("招牌麻辣烫", "黄焖鸡米饭 大份", "香辣鸡腿堡套餐", "拌面+蒸饺"),
    "eval": ("鲜肉云吞 12只", "酸菜鱼 1-2人份", "伯牙绝弦 大杯", "中国汉堡双人餐", "扬州炒饭"),
}
STORES = {
    "dev": ("小米官方旗舰店", "优衣库官方旗舰店", "京东超市", "三只松鼠旗舰店", "Apple产品京东自营旗舰店"),
    "eval": (
        "安踏官方网店",
        "得力文具旗舰店",
        "良品铺子官方旗舰店",
        "绿联数码旗舰店",
        "南极人家纺专营店",
        "百草味旗舰店",
    ),
}
GOODS = {
    "dev": ("纯棉T恤 白色 L", "无线蓝牙耳机", "坚果礼盒 1.5kg", "充电宝 10000mAh"),
    "eval": ("Type-C数据线 1m 2条装", "加厚抽纸 24包", "跑步鞋 42码", "A4打印纸 500张", "四件套 1.8m床"),
}
WECHAT_METHODS = {
    "dev": ("零钱", "招商银行信用卡(6789)", "中国银行储蓄卡(1234)", "零钱通"),
    "eval": ("建设银行信用卡(0521)", "零钱通", "交通银行储蓄卡(7710)", "平安银行信用卡(3306)", "零钱"),
}
ALIPAY_METHODS = {
    "dev": ("花呗", "余额宝", "招商银行信用卡(6789)", "余额"),
    "eval": ("花呗", "浦发银行信用卡(9090)", "余额宝", "网商银行储蓄卡(8866)", "账户余额"),
}
CARDS = {
    "dev": ("招商银行信用卡(6789)", "工商银行储蓄卡(1234)", "农业银行储蓄卡(2468)"),
    "eval": ("中信银行信用卡(6350)", "兴业银行储蓄卡(0047)", "光大银行信用卡(5512)", "招商银行银联信用卡"),
}
FUNDS = {
    "dev": ("易方达蓝筹精选混合", "招商中证白酒指数(LOF)A", "天弘沪深300ETF联接A"),
    "eval": ("华夏成长混合", "南方中证500ETF联接A", "广发纳斯达克100ETF联接(QDII)A", "富国天惠成长混合A"),
}
SELLERS = {
    "dev": ("上海锦江国际酒店有限公司", "北京小桔科技有限公司", "深圳市腾讯计算机系统有限公司"),
    "eval": (
        "杭州西湖国宾馆有限公司",
        "成都全季酒店管理有限公司",
        "广州白云国际机场股份有限公司",
        "苏州万达广场商业管理有限公司",
        "天津瑞佳讯贸易有限公司",
    ),
}
SELLER_PLATFORMS = {"北京小桔科技有限公司": "滴滴出行"}
# Names too long for the 名称 cell: the invoice wraps them onto a second line.
LONG_SELLERS = {
    "dev": (
        "重庆两江新区智慧城市运营管理有限公司",
        "武汉东湖高新区光谷科创企业服务有限公司",
        "广东粤港澳大湾区跨境供应链管理有限公司",
    ),
    "eval": (
        "西安高新区丝路数字科技信息服务有限公司",
        "南京江北新区生物医药产业发展有限公司",
        "青岛西海岸新区国际物流港运营管理有限公司",
    ),
}
# Sellers that are not companies (个体工商户: a shop, a restaurant): no 公司 in the name.
SHOP_SELLERS = {
    "dev": ("南山区海岸城鲜果百货商行", "福田区老街潮汕砂锅粥店", "海淀区五道口便民超市"),
    "eval": ("江干区四季青服装批发部", "武侯区玉林串串香火锅店", "鼓楼区湖东路文具商店"),
}
# Buyers: a person, or a company (whose name must never be read as the seller).
BUYERS = {
    "dev": ("个人", "个人", "上海云帆信息技术有限公司", "北京知行合一教育咨询有限公司", "深圳前海微众数据服务有限公司"),
    "eval": (
        "个人",
        "杭州钱塘新区未来工厂科技有限公司",
        "厦门鹭江船务代理有限公司",
        "合肥包河区智慧教育研究院有限公司",
    ),
}
# 代开: a tax office issues the invoice for a seller who cannot; the printed 销售方 is the office.
TAX_OFFICES = {
    "dev": ("国家税务总局深圳市南山区税务局", "南山区自助代开点一"),
    "eval": ("国家税务总局苏州市工业园区税务局", "园区自助代开机四"),
}
TOLL_SELLERS = {
    "dev": ("广东省高速公路发展股份有限公司", "江苏京沪高速公路有限公司"),
    "eval": ("浙江沪杭甬高速公路股份有限公司", "四川成渝高速公路股份有限公司"),
}
PLATES = {"dev": ("粤B", "苏A"), "eval": ("浙A", "川A")}
INVOICE_ITEMS = {
    "dev": (("*餐饮服务*餐费", "0.06"), ("*运输服务*客运服务费", "0.03"), ("*信息技术服务*技术服务费", "0.06")),
    "eval": (
        ("*旅游服务*住宿费", "0.06"),
        ("*现代服务*停车服务", "0.05"),
        ("*日用杂品*日用品", "0.13"),
        ("*经纪代理服务*旅游代理服务", "0.06"),
    ),
}


def amount(rng: random.Random, low: float = 1, high: float | None = None) -> Decimal:
    """A plausible payment amount (mostly small, sometimes large) with two decimals."""
    high = high or rng.choice((30, 80, 200, 200, 1500, 9000))
    value = Decimal(f"{rng.uniform(low, high):.2f}")
    if rng.random() < 0.25:
        value = value.quantize(Decimal("1"))
    return max(value, Decimal("0.01")).quantize(Decimal("0.01"))


def money(value: Decimal, comma: bool = True) -> str:
    """1234.5 → '1,234.50' (or '1234.50')."""
    return f"{value:,.2f}" if comma else f"{value:.2f}"


def digits(rng: random.Random, n: int) -> str:
    """n random digits."""
    return "".join(rng.choice("0123456789") for _ in range(n))


def before(rng: random.Random, when: datetime, *, days: float = 20, minutes: float = 0) -> datetime:
    """A time some while before `when` (at least `minutes`, at most `days`), whole seconds."""
    delta = timedelta(minutes=minutes) + timedelta(seconds=rng.randrange(int(days * 86400) + 1))
    return (when - delta).replace(microsecond=0)


def capture_time(rng: random.Random, split: str) -> datetime:
    """When the screenshot was taken: dev in 2025, eval spread over 2024–2026."""
    start, end = (
        (datetime(2025, 1, 3), datetime(2025, 12, 28))
        if split == "dev"
        else (datetime(2024, 1, 2), datetime(2026, 10, 30))
    )
    return start + timedelta(seconds=rng.randrange(int((end - start).total_seconds())))


def clock_not(rng: random.Random, when: datetime, style: str) -> str:
    """A status-bar clock that is NOT the payment time: minutes to hours after it (or a sanitised 00:00)."""
    if rng.random() < 0.06:
        return "00:00"
    later = when + timedelta(minutes=rng.randrange(3, 600))
    return f"{later.hour}:{later.minute:02d}" if style == "ios" or rng.random() < 0.5 else f"{later:%H:%M}"


def label_time(when: datetime, shown: str = "seconds") -> str:
    """The truth form of a time: as much as the screen shows ('seconds', 'minutes' or 'date')."""
    if shown == "date":
        return f"{when:%Y-%m-%d}"
    return f"{when:%Y-%m-%d %H:%M}" if shown == "minutes" else f"{when:%Y-%m-%d %H:%M:%S}"


def cn_date(when: datetime, style: str) -> str:
    """A printed time in one of the apps' styles; `style` names what it shows."""
    if style == "cn_seconds":
        return f"{when.year}年{when.month}月{when.day}日 {when:%H:%M:%S}"
    if style == "cn_padded":
        return f"{when:%Y年%m月%d日 %H:%M:%S}"
    if style == "iso_seconds":
        return f"{when:%Y-%m-%d %H:%M:%S}"
    if style == "slash_seconds":
        return f"{when:%Y/%m/%d %H:%M:%S}"
    if style == "iso_minutes":
        return f"{when:%Y-%m-%d %H:%M}"
    if style == "dot_minutes":
        return f"{when:%Y.%m.%d %H:%M}"
    if style == "cn_minutes":
        return f"{when.year}年{when.month}月{when.day}日 {when:%H:%M}"
    raise ValueError(style)


def shown_part(style: str) -> str:
    """How much of the time a `cn_date` style shows."""
    return "minutes" if style.endswith("minutes") else "seconds"
