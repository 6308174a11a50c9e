"""Fakes for services this machine cannot reach; each speaks the real wire protocol and fails loudly.

Use the OpenAI fake from a test module with `pytest_plugins = ("tests.fakes.openai_server",)` (the `fake_openai`
fixture) or `FakeOpenAI` as a context manager.
"""

from tests.fakes.openai_server import FakeOpenAI, Recorded, fake_openai

__all__ = ["FakeOpenAI", "Recorded", "fake_openai"]
