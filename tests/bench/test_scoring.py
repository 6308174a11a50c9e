"""The bench's scoring: right / blank / wrong-but-marked / wrong-and-unmarked on hand-made readings."""

from __future__ import annotations

from pathlib import Path

from bench import scoring
from bench.recognize import app_of, load_rows

T = 0.6
ROOT = Path(__file__).resolve().parents[2]


def score(name: str, want, have, confidence=None, **rules):
    """The outcome of one field with label value `want` and reading `have`."""
    return scoring.outcome(
        name, {name: want}, {name: have}, {name: confidence} if confidence is not None else {}, T, **rules
    )


def test_time_matches_as_much_as_the_label_shows():
    assert score("occurred_at", "2023-05-16 12:55", "2023-05-16T12:55:21+08:00", 0.9) == "right"
    assert score("occurred_at", "2024-07", "2024-07-16T11:40:00+08:00", 0.9) == "right"
    assert score("occurred_at", "2023-05-16", "2023-05-16T00:00:00+08:00", 0.9) == "right"
    # The same instant written in UTC is read in the ledger's zone.
    assert score("occurred_at", "2023-05-16 12:55:21", "2023-05-16T04:55:21+00:00", 0.9) == "right"
    assert score("occurred_at", "2023-05-16 12:55:21", "2023-05-16T12:55:00+08:00", 0.9) == "wrong_unmarked"
    assert score("occurred_at", "2023-05-16 12:55:21", "2024-05-16T12:55:21+08:00", 0.4) == "wrong_marked"


def test_blank_marked_and_unmarked_wrong_are_told_apart():
    assert score("amount", "14.00", None) == "blank"
    assert score("amount", "14.00", "14", 0.2) == "right"
    assert score("amount", "14.00", "14.01", 0.59) == "wrong_marked"
    assert score("amount", "14.00", "14.01", 0.6) == "wrong_unmarked"
    # No confidence at all: the page shows no mark.
    assert score("amount", "14.00", "41.00") == "wrong_unmarked"


def test_a_fully_discounted_payment_left_blank_counts_as_blank_and_its_original_price_as_wrong():
    # ¥0.00 paid: a record needs an amount above 0, so the engine leaves it blank and says why — still a blank.
    assert score("amount", "0.00", None) == "blank"
    assert score("amount", "0.00", "22.95", 0.9) == "wrong_unmarked"
    assert score("amount", "0.00", "22.95", 0.3) == "wrong_marked"


def test_a_null_label_is_not_scored_unless_the_engine_invents_a_value():
    assert score("merchant", None, None) is None
    assert score("merchant", None, "S", 0.95) == "wrong_unmarked"
    assert score("merchant", None, "S", 0.3) == "wrong_marked"
    assert scoring.outcome("currency", {"amount": "1.00"}, {"currency": "CNY"}, {}, T) is None


def test_names_compare_after_light_normalisation():
    assert score("merchant", "不二君（世博天地店）", "不二君(世博天地店)", 0.9) == "right"
    assert score("payment_method", "中信银行信用卡 (6350)", "中信银行信用卡(6350)", 0.9) == "right"
    assert score("merchant", "阿May", "阿May 向你转账", 0.9) == "wrong_unmarked"
    assert score("order_no", "4200 0018 80", "4200001880", 0.9) == "right"
    assert score("platform", "京东商城", "京东", 0.9) == "right"  # the canonical name the ledger keeps
    assert score("platform", "京东商城", "淘宝", 0.9) == "wrong_unmarked"
    assert score("platform", "招商银行", "招商银行", 0.9) == "right"


def test_the_printed_category_counts_when_the_engine_maps_it_onto_the_persons_categories():
    label = {"category_shown": "交通出行"}
    rules = {"categories": {"交通出行": "交通"}}
    assert scoring.outcome("category", label, {"category": "交通"}, {}, T, **rules) == "right"
    assert scoring.outcome("category", label, {"category": "其他"}, {"category": 0.9}, T, **rules) == "wrong_unmarked"
    assert scoring.outcome("category", {"category_shown": None}, {"category": "其他"}, {}, T, **rules) is None


def test_bill_list_rows_are_aligned_so_one_missed_row_does_not_shift_the_rest():
    truth = [{"amount": "1.00"}, {"amount": "2.00"}, {"amount": "3.00"}]
    assert scoring.align(truth, [{"amount": "1.00"}, {"amount": "3.00"}]) == [(0, 0), (1, None), (2, 1)]
    assert scoring.align(truth[:2], [{"amount": "9.00"}, {"amount": "8.00"}]) == [(0, 0), (1, 1)]
    assert scoring.align(truth[:1], [{"amount": "7.00"}, {"amount": "1.00"}]) == [(None, 0), (0, 1)]


def test_a_tally_counts_every_outcome_invented_rows_and_confidence_buckets():
    tally = scoring.Tally(T)
    truth = [{"direction": "expense", "amount": "5.00", "merchant": None}]
    read = [{"direction": "expense", "amount": "5.00", "merchant": "U"}, {"direction": "income", "amount": "9.00"}]
    confidence = [{"direction": 0.9, "amount": 0.95, "merchant": 0.8}, {"amount": 0.3}]
    tally.add("list.png", "wechat", truth, read, confidence)
    numbers = tally.as_dict()
    assert numbers["totals"] == {"right": 2, "wrong_unmarked": 1}
    assert numbers["fields"]["merchant"] == {"wrong_unmarked": 1}
    assert numbers["extra_items"] == {"marked": 1}
    assert numbers["reliability"]["0.80-0.90"] == {"wrong": 1}
    assert numbers["reliability"]["0.90-0.95"] == {"right": 1}
    assert {m["field"] for m in numbers["mistakes"]} == {"merchant", "(extra item)"}


def test_the_mark_threshold_is_the_pages_and_old_fixtures_still_load():
    assert scoring.mark_threshold() == 0.6
    rows = load_rows(ROOT / "tests" / "fixtures" / "bench")
    assert rows and app_of(rows[0]) == "wechat"
