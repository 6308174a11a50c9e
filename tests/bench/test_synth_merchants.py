"""The generator's merchant looks: drawn aside without shifting a screen's other draws, pools split by split."""

from __future__ import annotations

import random

from bench.synth import merchants
from bench.synth.data import SHOPS
from bench.synth.variant import Variant


def test_drawing_a_look_aside_leaves_the_screens_own_draws_alone():
    v = Variant("dev", random.Random("seed"))
    plain = Variant("dev", random.Random("seed"))
    merchants.head_name(v, "星巴克", "wechat.detail", detail=True)
    assert [v.rng.random() for _ in range(3)] == [plain.rng.random() for _ in range(3)]


def test_the_looks_and_names_of_the_two_splits_share_no_value():
    for pools in (merchants.LOOKS, merchants.BELOW, merchants.ROW_ONLY, merchants.BRANCHES, merchants.MIXED):
        assert not set(pools["dev"]) & set(pools["eval"])
    assert not set(merchants.GOODS["dev"]) & set(merchants.GOODS["eval"])
    assert not set(merchants.MIXED["dev"]) & set(SHOPS["eval"])


def test_a_screen_in_either_split_only_takes_its_own_looks():
    for split in ("dev", "eval"):
        looks = {
            merchants.head_name(Variant(split, random.Random(n)), "星巴克", "k", detail=True)[1] for n in range(80)
        }
        other = "eval" if split == "dev" else "dev"
        assert looks - {"plain"} and not looks & set(merchants.LOOKS[other] + merchants.BELOW[other])
