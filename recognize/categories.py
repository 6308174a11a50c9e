"""The default categories and the merchant knowledge that guesses one: keywords per category, kept as data.

`guess_category` is the last resort after what the screen prints and what the person taught (records.learning).
"""

from __future__ import annotations

from recognize.normalize import tidy_read

CATEGORY_KEYWORDS = {
    "餐饮": (
        "餐",
        "饭",
        "面",
        "咖啡",
        "星巴克",
        "瑞幸",
        "麦当劳",
        "肯德基",
        "奶茶",
        "外卖",
        "食堂",
        "火锅",
        "茶",
        "饮",
    ),
    "交通": (
        "滴滴",
        "地铁",
        "公交",
        "出行",
        "加油",
        "停车",
        "高铁",
        "铁路",
        "12306",
        "打车",
        "航空",
        "机票",
        "ETC",
        "交通卡",
        "一卡通充值",
        "公交卡",
        "羊城通",
        "深圳通",
        "快车",
        "专车",
        "高德打车",
        "曹操出行",
        "T3出行",
    ),
    "购物": (
        "京东",
        "淘宝",
        "天猫",
        "拼多多",
        "商城",
        "超市",
        "便利店",
        "服饰",
        "永辉",
        "华润万家",
        "盒马",
        "沃尔玛",
        "屈臣氏",
    ),
    "日用": ("日用", "生活", "物业", "洗衣"),
    "住房": ("房租", "租金", "水费", "电费", "燃气", "物业费", "国家电网", "电力", "自来水", "水务", "燃气集团"),
    "通讯": ("话费", "移动", "联通", "电信", "流量", "充值缴费", "宽带"),
    "娱乐": ("电影", "游戏", "KTV", "视频", "会员", "音乐"),
    "医疗": ("医院", "药", "诊所", "医疗"),
    "教育": ("书", "课程", "学费", "培训"),
    "旅行": ("酒店", "宾馆", "住宿", "民宿", "客栈", "携程", "飞猪", "去哪儿", "同程", "旅游", "景区", "门票"),
    "人情": ("红包", "转账", "礼"),
    "收入": ("工资", "薪", "收款", "退款", "奖金", "利息"),
}


FALLBACK_CATEGORY = "其他"  # what a guess settles on when nothing fits
FALLBACK_CONFIDENCE = 0.3  # a guess of nothing in particular: always marked 请核对
DEFAULT_CATEGORIES = (*CATEGORY_KEYWORDS.keys(), FALLBACK_CATEGORY)


PRINTED = {
    "餐饮美食": "餐饮",
    "交通出行": "交通",
    "爱车养车": "交通",
    "日用百货": "日用",
    "家居家装": "日用",
    "生活服务": "日用",
    "服饰装扮": "购物",
    "数码电器": "购物",
    "美容美发": "购物",
    "母婴亲子": "购物",
    "运动户外": "购物",
    "住房物业": "住房",
    "充值缴费": "通讯",
    "通讯物流": "通讯",
    "文化休闲": "娱乐",
    "酒店旅游": "旅行",
    "医疗健康": "医疗",
    "教育培训": "教育",
    "转账红包": "人情",
    "亲友代付": "人情",
    "收入": "收入",
}


def printed_category(text: str | None) -> str | None:
    """The category a screen prints (Alipay's 交易分类 / 账单分类, such as 交通出行) as one of ours, or None."""
    if not text:
        return None
    text = tidy_read(text).strip()
    return PRINTED.get(text) or (text if text in DEFAULT_CATEGORIES else None)


def guess_category(*texts: str | None, direction: str = "expense", extra: dict[str, str] | None = None) -> str:
    """Guess a category from merchant and goods text; `extra` maps owner keywords to categories first."""
    haystack = " ".join(tidy_read(t) for t in texts if t)
    for keyword, category in (extra or {}).items():
        if keyword and keyword in haystack:
            return category
    if direction == "income":
        return "收入"
    for category, keywords in CATEGORY_KEYWORDS.items():
        if any(k in haystack for k in keywords):
            return category
    return FALLBACK_CATEGORY
