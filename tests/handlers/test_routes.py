"""The app's routes as the host matches them: specific routes win over the /api catch-all and the page."""

from __future__ import annotations

import pytest

from devhost.routing import build_routes, match


@pytest.mark.parametrize(
    ("method", "path", "name"),
    [
        ("GET", "/api/records/export", "export_records"),
        ("GET", "/api/records/12", "get_record"),
        ("POST", "/api/imports", "create_import"),
        ("POST", "/api/imports/0b0e0c8e-1111-4222-8333-444455556666/commit", "commit_import"),
        ("GET", "/api/stats", "get_stats"),
        ("PUT", "/api/budgets", "put_budgets"),
    ],
)
def test_routes_win_over_the_api_catch_all_once_registered(app_function_metadata, method, path, name):
    route, _, _ = match(build_routes(app_function_metadata), method, path)
    assert route is not None and route.function.__name__ == name
