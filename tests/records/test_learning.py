"""Category learning: a person's correction for a merchant decides the category of its later records."""

from __future__ import annotations

from records import learning

OWNER = "alice"


def test_a_correction_is_remembered_per_owner(engine):
    with engine.begin() as conn:
        assert learning.learn(conn, OWNER, "星巴克", "下午茶")
    with engine.connect() as conn:
        assert learning.learned_category(conn, OWNER, "星巴克") == "下午茶"
        assert learning.learned_category(conn, "bob", "星巴克") is None
        assert learning.learned_category(conn, OWNER, "肯德基") is None


def test_the_latest_correction_wins(engine):
    with engine.begin() as conn:
        learning.learn(conn, OWNER, "盒马鲜生", "购物")
    with engine.begin() as conn:
        learning.learn(conn, OWNER, "盒马鲜生", "日用")
    with engine.connect() as conn:
        assert learning.learned_category(conn, OWNER, "盒马鲜生") == "日用"


def test_names_match_regardless_of_width_case_and_spaces(engine):
    with engine.begin() as conn:
        learning.learn(conn, OWNER, "Ｍｃ Donald's ", "餐饮")
    with engine.connect() as conn:
        assert learning.learned_category(conn, OWNER, "mc  donald's") == "餐饮"


def test_a_branch_teaches_its_brand_but_the_exact_branch_wins(engine):
    with engine.begin() as conn:
        learning.learn(conn, OWNER, "瑞幸咖啡(国贸店)", "下午茶")
        learning.learn(conn, OWNER, "瑞幸咖啡（望京店）", "工作餐")
    with engine.connect() as conn:
        assert learning.learned_category(conn, OWNER, "瑞幸咖啡(国贸店)") == "下午茶"
        assert learning.learned_category(conn, OWNER, "瑞幸咖啡(三里屯店)") == "工作餐"
        assert learning.learned_category(conn, OWNER, "瑞幸咖啡") == "工作餐"


def test_nothing_to_learn_without_merchant_or_category(engine):
    with engine.begin() as conn:
        assert not learning.learn(conn, OWNER, None, "餐饮")
        assert not learning.learn(conn, OWNER, "  ", "餐饮")
        assert not learning.learn(conn, OWNER, "星巴克", None)
    with engine.connect() as conn:
        assert learning.learned_category(conn, OWNER, "星巴克") is None


def test_recognized_fields_get_the_learned_category(engine):
    with engine.begin() as conn:
        learning.learn(conn, OWNER, "美团外卖", "外卖")
        item = {"merchant": "美团外卖", "category": "餐饮", "amount": "32.00"}
        assert learning.apply_learned(conn, OWNER, item) == {**item, "category": "外卖"}
        assert learning.apply_learned(conn, OWNER, {"merchant": "别家", "category": "餐饮"})["category"] == "餐饮"


def test_a_learned_category_is_no_longer_marked_as_a_guess(engine):
    with engine.begin() as conn:
        learning.learn(conn, OWNER, "美团外卖", "外卖")
        item = {
            "fields": {"merchant": "美团外卖", "category": "餐饮"},
            "confidence": {"merchant": 0.4, "category": 0.5},
            "reasons": {"merchant": "unclear", "category": "guessed"},
        }
        learned = learning.with_learned_category(conn, OWNER, item)
    assert learned["fields"]["category"] == "外卖" and learned["confidence"]["category"] == learning.LEARNED_CONFIDENCE
    assert learned["reasons"] == {"merchant": "unclear"}


def test_only_a_changed_category_teaches(engine):
    with engine.begin() as conn:
        assert not learning.learn_from_change(conn, OWNER, "全家", "餐饮", "餐饮")
        assert not learning.learn_from_change(conn, OWNER, "全家", "餐饮", None)
        assert learning.learned_category(conn, OWNER, "全家") is None
        assert learning.learn_from_change(conn, OWNER, "全家", "餐饮", "日用")
        assert learning.learned_category(conn, OWNER, "全家") == "日用"
