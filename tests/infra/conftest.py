"""Fixtures for the infra tests."""

from tests.infra.bicep_tools import templates  # noqa: F401 - pytest fixture
