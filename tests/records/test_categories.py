"""Category names: every default category has an English name; anything else reads as stored."""

from __future__ import annotations

import re

import pytest

from recognize.categories import DEFAULT_CATEGORIES
from records.categories import ENGLISH_NAMES, category_name


@pytest.mark.parametrize("key", DEFAULT_CATEGORIES)
def test_every_default_category_has_an_english_name(key):
    assert category_name(key, "zh") == key
    english = category_name(key, "en")
    assert english == ENGLISH_NAMES[key] and not re.search(r"[\u3400-\u9fff]", english)


def test_own_categories_read_as_typed_and_none_is_uncategorized():
    assert category_name("猫粮", "en") == "猫粮"
    assert (category_name(None, "zh"), category_name("", "en")) == ("未分类", "Uncategorized")
