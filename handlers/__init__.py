"""The HTTP layer and the blob trigger: the only package that imports azure.functions.

Each module holds one blueprint (accounts, drafts, records, bills, reports, system, site, blob); a handler parses the
request, calls one domain function of `records`, and maps the answer or a named error to a response
(`handlers.responses`). `function_app.py` registers the blueprints.
"""
