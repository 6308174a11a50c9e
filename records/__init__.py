"""The data layer (drafts, records, categories) and the HTTP blueprints of the API.

Everything but `records.api` and `records.site` is usable without Azure Functions.
"""
