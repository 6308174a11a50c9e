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
    "交通": ("滴滴", "地铁", "公交", "出行", "加油", "停车", "高铁", "铁路", "12306", "打车", "航空", "机票", "ETC"),
    "购物": ("京东", "淘宝", "天猫", "拼多多", "商城", "超市", "便利店", "服饰"),
    "日用": ("日用", "生活", "物业", "洗衣"),
    "住房": ("房租", "租金", "水费", "电费", "燃气", "物业费"),
    "通讯": ("话费", "移动", "联通", "电信", "流量"),
    "娱乐": ("电影", "游戏", "KTV", "视频", "会员", "音乐"),
    "医疗": ("医院", "药", "诊所", "医疗"),
    "教育": ("书", "课程", "学费", "培训"),
    "人情": ("红包", "转账", "礼"),
    "收入": ("工资", "薪", "收款", "退款", "奖金", "利息"),
}


DEFAULT_CATEGORIES = (*CATEGORY_KEYWORDS.keys(), "其他")


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
    return "其他"
