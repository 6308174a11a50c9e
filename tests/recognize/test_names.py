"""Names as apps decorate them, and lines that only sit where a name sits."""

from __future__ import annotations

import pytest

from recognize.ocr.names import is_generic, short_name, undecorate


@pytest.mark.parametrize(
    ("printed", "name", "direction"),
    [
        ("阿May向你转账", "阿May", "income"),
        ("转账-来自老周", "老周", "income"),
        ("微信红包-来自刘洋", "刘洋", "income"),
        ("转账收款-陈静", "陈静", "income"),
        ("转账-转给小雨", "小雨", "transfer"),
        ("微信红包-发给张伟", "张伟", "transfer"),
        ("扫二维码付款-给李娜", "李娜", "expense"),
        ("瑞幸咖啡-退款", "瑞幸咖啡", "refund"),
        ("黄焖鸡米饭(西二旗店)-退款", "黄焖鸡米饭(西二旗店)", "refund"),
        ("红包-Kevin", "Kevin", "by_sign"),  # Alipay: income when signed +, else sent to Kevin
        ("王芳(321******60)", "王芳", None),
        ("基金买入-天弘沪深300ETF联接A", "天弘沪深300ETF联接A", "transfer"),
        ("卖出-易方达蓝筹精选混合", "易方达蓝筹精选混合", "transfer"),
        ("沙县小吃(上地店)", "沙县小吃(上地店)", None),
        ("7-Eleven", "7-Eleven", None),
    ],
)
def test_a_decorated_name_gives_the_person_or_shop_and_the_way_the_money_went(printed, name, direction):
    assert undecorate(printed) == (name, direction)


@pytest.mark.parametrize(
    "line", ["扣费金额", "还款成功", "网上支付", "快捷支付", "满减 -¥6.00", "多多果园抵扣", "¥12.00"]
)
def test_lines_that_name_nothing_are_not_names(line):
    assert is_generic(line)


@pytest.mark.parametrize("name", ["国家电网", "广州地铁集团有限公司", "瑞幸咖啡", "支付宝-饿了么", "优衣库"])
def test_real_names_are_names(name):
    assert not is_generic(name)


@pytest.mark.parametrize(
    ("legal", "short"),
    [
        ("上海瑞幸咖啡餐饮管理有限公司", "瑞幸咖啡"),
        ("北京星巴克商贸有限公司", "星巴克"),
        ("瑞幸咖啡（北京）有限公司", "瑞幸咖啡"),
        ("中国石化销售股份有限公司北京石油分公司", "中国石化"),
        ("广州市天河区好又多超市有限公司", "好又多超市"),
        ("北京科技有限公司", None),  # nothing but a region and a trade is left
        ("星巴克", None),  # not a legal name
        ("京东商城平台商户", None),
    ],
)
def test_a_companys_legal_name_gives_the_trade_name_people_know(legal, short):
    assert short_name(legal) == short
