"""The settings object: what the environment says, and what the app derives from it."""

from __future__ import annotations

import pytest

from settings import get_settings


@pytest.fixture
def settings_from(monkeypatch):
    """Build the settings from a clean set of model variables."""

    def build(**env):
        for name in ("AZURE_OPENAI_MODEL_KIND", "AZURE_OPENAI_DEPLOYMENT", "OPENAI_BASE_URL", "OPENAI_MODEL"):
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        get_settings.cache_clear()
        return get_settings()

    yield build
    get_settings.cache_clear()


@pytest.mark.parametrize(
    ("env", "reasoning"),
    [
        ({}, True),  # the default deployment, gpt-5.4-mini, is a reasoning model
        ({"AZURE_OPENAI_DEPLOYMENT": "gpt-4o"}, False),
        ({"AZURE_OPENAI_DEPLOYMENT": "gpt-4.1"}, False),
        ({"AZURE_OPENAI_DEPLOYMENT": "o4-mini"}, True),
        ({"AZURE_OPENAI_DEPLOYMENT": "receipts", "AZURE_OPENAI_MODEL_KIND": "reasoning"}, True),
        ({"AZURE_OPENAI_DEPLOYMENT": "gpt-5.4-mini", "AZURE_OPENAI_MODEL_KIND": "chat"}, False),
        ({"OPENAI_BASE_URL": "http://127.0.0.1:11434/v1", "OPENAI_MODEL": "qwen2.5vl:7b"}, False),
    ],
)
def test_the_model_kind_follows_the_setting_or_else_the_models_name(settings_from, env, reasoning):
    assert settings_from(**env).uses_reasoning_model is reasoning


def test_the_connection_pool_is_sized_by_settings(settings_from, monkeypatch):
    monkeypatch.setenv("MYSQL_POOL_SIZE", "4")
    monkeypatch.setenv("MYSQL_MAX_OVERFLOW", "1")
    settings = settings_from()
    assert (settings.mysql_pool_size, settings.mysql_max_overflow) == (4, 1)
