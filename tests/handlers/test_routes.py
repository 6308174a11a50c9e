"""The app's routes as the host matches them: specific routes win over the /api catch-all and the page."""

from __future__ import annotations

import pytest

from devhost.routing import build_routes, match
from handlers.site import resolve


@pytest.mark.parametrize(
    ("method", "path", "name"),
    [
        ("GET", "/api/records/export", "export_records"),
        ("GET", "/api/records/12", "get_record"),
        ("POST", "/api/records/batch", "batch_records"),
        ("POST", "/api/imports", "create_import"),
        ("POST", "/api/imports/0b0e0c8e-1111-4222-8333-444455556666/commit", "commit_import"),
        ("GET", "/api/stats", "get_stats"),
        ("PUT", "/api/budgets", "put_budgets"),
        ("GET", "/api/beancount/accounts", "get_beancount_accounts"),
        ("PUT", "/api/beancount/accounts", "put_beancount_accounts"),
        ("GET", "/api/records/12/invoice", "get_record_invoice"),
        ("PATCH", "/api/records/12/invoice", "update_record_invoice"),
        ("GET", "/api/invoices/export", "export_invoices"),
        ("GET", "/api/categories", "list_categories"),
        ("POST", "/api/categories", "add_category"),
        ("PUT", "/api/categories/order", "order_categories"),
        ("PATCH", "/api/categories/order", "update_category"),  # a category may be called "order"
        ("DELETE", "/api/categories/%E9%A4%90%E9%A5%AE", "remove_category"),
        ("POST", "/api/categories/%E9%A4%90%E9%A5%AE/merge", "merge_category"),
    ],
)
def test_routes_win_over_the_api_catch_all_once_registered(app_function_metadata, method, path, name):
    route, _, _ = match(build_routes(app_function_metadata), method, path)
    assert route is not None and route.function.__name__ == name


def test_route_values_reach_the_function_percent_decoded_as_the_host_passes_them(app_function_metadata):
    _, params, _ = match(build_routes(app_function_metadata), "PATCH", "/api/categories/%E9%A4%90%E9%A5%AE")
    assert params == {"key": "餐饮"}
    # An encoded slash is a slash to the deployed host (azure-functions-host #9290): it never reaches {key}, which
    # is why the page sends a key as '~' and its base64url (handlers/categories.py).
    route, params, _ = match(build_routes(app_function_metadata), "PATCH", "/api/categories/a%2Fb")
    assert route is None or params.get("key") != "a/b"
    route, params, _ = match(build_routes(app_function_metadata), "PATCH", "/api/categories/~YS9i")
    assert route.function.__name__ == "update_category" and params == {"key": "~YS9i"}
    route, params, _ = match(build_routes(app_function_metadata), "GET", "/js/%00.js")
    assert params == {"path": "js/\x00.js"} and resolve(params["path"]) is None  # a decoded NUL names no file


@pytest.mark.parametrize(
    "path",
    ["/admin/host/status", "/admin", "/runtime/webhooks/blobs", "/Runtime/webhooks/blobs", "/ADMIN/functions/x"],
)
def test_the_page_never_shadows_the_hosts_own_routes(app_function_metadata, path):
    # routePrefix is "" so the page's catch-all would otherwise answer the host's admin API and the blob
    # trigger's Event Grid webhook (azure-functions-host #2590, #6990).
    route, _, _ = match(build_routes(app_function_metadata), "GET", path)
    assert route is None


@pytest.mark.parametrize(
    ("path", "served"),
    [("/", ""), ("/records/12", "records/12"), ("/administration", "administration"), ("/js/app.js", "js/app.js")],
)
def test_the_page_still_answers_every_other_path(app_function_metadata, path, served):
    route, params, _ = match(build_routes(app_function_metadata), "GET", path)
    assert route is not None and route.function.__name__ == "static_site"
    assert params.get("path", "") == served


def test_the_page_route_constraint_is_one_the_host_can_parse():
    from handlers.site import PAGE_ROUTE

    # ASP.NET Core route templates read '/', '{', '}', '[' and ']' as template syntax inside a constraint.
    constraint = PAGE_ROUTE[PAGE_ROUTE.index("regex(") : -1]
    assert not set(constraint) & set("/{}[]")
    assert PAGE_ROUTE.startswith("{*path:regex(") and PAGE_ROUTE.endswith(")}")
