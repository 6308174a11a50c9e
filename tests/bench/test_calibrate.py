"""The calibration fitter: a source wrong more than the target share is capped, a clean one is trusted, and a
source seen only a few times leans on its parent."""

from __future__ import annotations

import pytest

from bench import calibrate


def seen(field, evidence, right, wrong, platform="微信支付", where="eval"):
    rows = []
    for i in range(right + wrong):
        rows.append(
            {
                "set": where,
                "file": f"{evidence}-{i}.png",
                "field": field,
                "evidence": evidence,
                "platform": platform,
                "right": i >= wrong,
            }
        )
    return rows


def test_a_source_that_is_often_wrong_is_capped_and_a_clean_one_trusted():
    table = calibrate.fit(seen("merchant", "list:row_name", 80, 20) + seen("merchant", "detail:above", 400, 0))

    assert table["merchant|list:row_name"] == calibrate.CAP
    assert table["merchant|detail:above"] is None


def test_a_rare_source_follows_its_parent_rather_than_two_lucky_reads():
    table = calibrate.fit(seen("merchant", "list:row_name", 50, 50) + seen("merchant", "list:other", 2, 0))

    assert table["merchant|list:other"] == calibrate.CAP


def test_unmarked_values_under_the_fitted_table_are_wrong_at_most_the_target_share():
    found = seen("amount", "detail:sign", 990, 3) + seen("amount", "list:row", 300, 30) + seen("time", "x:y", 500, 0)
    table = calibrate.fit(found)

    shown = [o for o in found if calibrate.apply(table, o)]
    assert shown and sum(not o["right"] for o in shown) / len(shown) <= calibrate.TARGET


def test_fitting_without_the_corpus_it_weighs_most_refuses_instead_of_dropping_it(tmp_path, capsys):
    with pytest.raises(SystemExit):
        calibrate.main(["--sets", "corpus", "--corpus", str(tmp_path), "--check"])
    assert "corpus" in capsys.readouterr().err
