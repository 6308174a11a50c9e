"""Two principals and an e-invoice: bob never opens, marks, lists or exports alice's invoice."""

from __future__ import annotations

import io
import zipfile

from tests.conftest import http_request
from tests.fixtures.einvoices import pdf
from tests.security.conftest import principal, put_blob, snapshot, table_counts, trigger
from tests.security.test_isolation import blob_of


def test_bob_cannot_open_mark_list_or_export_alices_invoice(easyauth, app_functions):
    data = pdf()
    body = {"filename": "发票.pdf", "content_type": "application/pdf", "size": len(data)}
    started = easyauth("create_upload", "POST", "/api/uploads", body=body)
    assert put_blob(started.body, data) == 201
    trigger(app_functions, blob_of(started.body))
    route = {"id": started.body["draft_id"]}
    draft = easyauth("get_draft", route_params=route).body
    items = [{"fields": item["fields"]} for item in draft["items"]]
    (record,) = easyauth("confirm_draft", "POST", route_params=route, body={"items": items}).body["records"]
    assert record["invoice"]["number"]
    rid = {"id": str(record["id"])}

    before, counts = snapshot(), table_counts()
    assert easyauth("get_record_invoice", who="bob", route_params=rid).status == 404
    mark = {"reimbursement": "reimbursed"}
    assert easyauth("update_record_invoice", "PATCH", who="bob", route_params=rid, body=mark).status == 404
    for params in ({"invoice": "any"}, {"q": record["invoice"]["number"]}):
        assert easyauth("list_records", who="bob", params=params).body["records"] == []
    # The zip is a download, not JSON: read its bytes straight from the function.
    answer = app_functions["export_invoices"](http_request("GET", "http://localhost/api", headers=principal("bob")))
    assert zipfile.ZipFile(io.BytesIO(answer.get_body())).namelist() == ["发票清单.csv"]
    counted = {name for name in counts if name != "rate_events"}  # an export spends bob's per-minute budget
    assert snapshot() == before and {n: table_counts()[n] for n in counted} == {n: counts[n] for n in counted}
    assert easyauth("get_record_invoice", route_params=rid).body["reimbursement"] is None
