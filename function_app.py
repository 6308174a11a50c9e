"""The Functions app: one blueprint per area, nothing else."""

import azure.functions as func

from recognize.blueprint import bp as recognize_bp
from records.api import bp as api_bp
from records.io_api import bp as io_bp
from records.site import bp as site_bp

app = func.FunctionApp(http_auth_level=func.AuthLevel.ANONYMOUS)
app.register_functions(api_bp)
app.register_functions(io_bp)
app.register_functions(recognize_bp)
app.register_functions(site_bp)
