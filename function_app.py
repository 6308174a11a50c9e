"""The Functions app: registers the blueprints of handlers/, nothing else."""

import azure.functions as func

from handlers import accounts, bills, blob, books, categories, drafts, invoices, records, reports, site, system, timers

app = func.FunctionApp(http_auth_level=func.AuthLevel.ANONYMOUS)
for module in (accounts, books, drafts, records, invoices, bills, reports, system, categories, blob, timers, site):
    app.register_functions(module.bp)
