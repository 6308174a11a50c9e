"""The HTTP layer, the blob trigger and the timers: the only package that imports azure.functions.

Each of accounts, books, drafts, records, invoices, bills, reports, categories, system, site, blob and timers holds
one blueprint; a handler parses the request, calls one domain function of `records`, and maps the answer or a named
error to a response (`handlers.responses`). cookies and forms parse what the blueprints share (the session cookie,
multipart bodies); openapi and its openapi_* parts are the OpenAPI document. `function_app.py` registers the
blueprints.
"""
