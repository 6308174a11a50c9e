"""What today's Azure demands of the deployment (issue 16), read from the parsed Bicep, the parameters file
and the hooks: a model that new subscriptions can still deploy, chosen by parameters; nothing Flex
Consumption refuses; a current MySQL version; host names Azure gives; the deploying principal's type from
azd; the Entra administrator only after the Graph grant; a MySQL connection budget that fits the server."""

from __future__ import annotations

import json
import re

from tests.infra.bicep_tools import INFRA, REPO, app_settings, body, module_params, only, ref, resources_of_type

# Microsoft Foundry model retirement schedule (MicrosoftDocs/azure-ai-docs,
# articles/foundry/openai/includes/concepts-model-retirement-schedule-content.md, 2026-07): gpt-5.4-mini
# 2026-03-17 is GA with retirement 2027-03-18, reads images and supports structured outputs
# (articles/foundry/openai/how-to/reasoning.md feature table).
DEFAULT_MODEL = ("gpt-5.4-mini", "2026-03-17")
# Versions the same schedule lists as deprecated (closed to new customers) or retired by 2026-10.
CLOSED_TO_NEW_DEPLOYMENTS = {
    ("gpt-4o", "2024-05-13"),
    ("gpt-4o", "2024-08-06"),
    ("gpt-4o", "2024-11-20"),
    ("gpt-4o-mini", "2024-07-18"),
    ("gpt-4.1", "2025-04-14"),
    ("gpt-4.1-mini", "2025-04-14"),
}

# siteConfig properties Flex Consumption sites refuse with ARM error 51021 ("The following site
# configuration property ... for Flex Consumption sites is invalid"), as reported in
# microsoft/azure-pipelines-tasks#21032, Azure/azure-functions-host#10643 and
# Azure/terraform-azurerm-avm-res-web-site#345/#360; alwaysOn and the *FxVersion stacks move to
# functionAppConfig.
FLEX_REFUSED_SITE_CONFIG = {
    "ftpsState",
    "use32BitWorkerProcess",
    "netFrameworkVersion",
    "linuxFxVersion",
    "windowsFxVersion",
    "functionAppScaleLimit",
    "functionsRuntimeScaleMonitoringEnabled",
    "preWarmedInstanceCount",
    "alwaysOn",
}
# App settings the Flex Consumption plan deprecates (functions-app-settings#flex-consumption-plan-deprecations).
FLEX_DEPRECATED_APP_SETTINGS = {
    "FUNCTIONS_WORKER_RUNTIME",
    "FUNCTIONS_EXTENSION_VERSION",
    "WEBSITE_RUN_FROM_PACKAGE",
    "WEBSITE_CONTENTSHARE",
    "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING",
    "SCM_DO_BUILD_DURING_DEPLOYMENT",
    "ENABLE_ORYX_BUILD",
    "WEBSITE_MAX_DYNAMIC_APPLICATION_SCALE_OUT",
    "WEBSITE_TIME_ZONE",
    "TZ",
}
# max_connections of the smallest Burstable SKU (B1s) at its maximum; B1ms's default. Any SKU accepts it.
# (MicrosoftDocs/azure-databases-docs, articles/mysql/flexible-server/concepts-server-parameters.md)
MAX_CONNECTIONS_EVERY_SKU_ACCEPTS = 171

MODEL_NAME = re.compile(r"\b(gpt-[0-9a-z.]+|o[1-9](-mini|-pro)?)\b")


def parameters_file() -> dict:
    """main.parameters.json's parameters, name → value as written (with azd's ${VAR=default} syntax)."""
    return {k: v["value"] for k, v in json.loads((INFRA / "main.parameters.json").read_text())["parameters"].items()}


def default_of(templates: dict, name: str) -> object:
    """The default of one main.bicep parameter."""
    return templates["main.bicep"]["parameters"][name]["default"]


def allowed_of(templates: dict, template: str, name: str) -> list:
    """The @allowed values of a parameter."""
    decorators = templates[template]["parameters"][name]["decorators"]
    return next(d["argument"] for d in decorators if d["type"] == "allowed")


def strings_in(node: object) -> list[str]:
    """Every string value inside a parsed pycep structure (keys excluded)."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for value in node.values() for s in strings_in(value)]
    if isinstance(node, list):
        return [s for value in node for s in strings_in(value)]
    return []


def keys_in(node: object) -> set[str]:
    """Every mapping key inside a parsed pycep structure."""
    if isinstance(node, dict):
        return set(node) | {k for value in node.values() for k in keys_in(value)}
    if isinstance(node, list):
        return {k for value in node for k in keys_in(value)}
    return set()


def code_lines(path) -> list[str]:
    """A template's or script's lines with comments dropped (// for Bicep, # for shell and YAML)."""
    marker = "//" if path.suffix == ".bicep" else "#"
    lines = []
    for line in path.read_text().splitlines():
        stripped = line.strip()
        if stripped.startswith(marker) or stripped.startswith("#!"):
            continue
        lines.append(line)
    return lines


# -- parameters and azd -------------------------------------------------------------------------------------------


def test_parameters_file_defaults_match_the_template_defaults(templates):
    checked = 0
    for name, value in parameters_file().items():
        match = re.fullmatch(r"\$\{[A-Z0-9_]+=(.*)\}", str(value))
        if not match:
            continue
        assert match.group(1) == str(default_of(templates, name)).lower() or match.group(1) == str(
            default_of(templates, name)
        ), name
        checked += 1
    assert checked >= 15


def test_the_deploying_principal_type_comes_from_azd(templates):
    assert parameters_file()["principalType"] == "${AZURE_PRINCIPAL_TYPE=User}"
    assert default_of(templates, "principalType") == "User"
    assert {"User", "ServicePrincipal"} <= set(allowed_of(templates, "main.bicep", "principalType"))
    assert module_params(templates, "rbac")["userPrincipalType"] == "principalType"
    assert {"User", "ServicePrincipal"} <= set(allowed_of(templates, "app/rbac.bicep", "userPrincipalType"))
    # Only a person is added to the sign-in list: a CI service principal on it would lock everyone out.
    allow_list = templates["main.bicep"]["variables"]["signInAllowList"]["value"]["function"]["parameters"]["arg_2"]
    condition = allow_list["operator"]["operands"]["condition"]["operator"]["operands"]["operand_2"]["operator"]
    assert condition == {"type": "not_equals", "operands": {"operand_1": "principalType", "operand_2": "User"}}


# -- the model ------------------------------------------------------------------------------------------------------


def test_the_model_deployment_is_made_of_parameters(templates):
    deployment = body(only(templates["app/openai.bicep"], "Microsoft.CognitiveServices/accounts/deployments"))
    assert deployment["properties"]["model"] == {"format": "OpenAI", "name": "modelName", "version": "modelVersion"}
    assert deployment["sku"] == {"name": "skuName", "capacity": "capacity"}
    params = module_params(templates, "openAi")
    assert (params["modelName"], params["modelVersion"], params["skuName"], params["capacity"]) == (
        "openAiModelName",
        "openAiModelVersion",
        "openAiSkuName",
        "openAiCapacity",
    )
    azd = parameters_file()
    assert azd["openAiModelName"].startswith("${AZURE_OPENAI_MODEL=")
    assert azd["openAiModelVersion"].startswith("${AZURE_OPENAI_MODEL_VERSION=")
    assert azd["openAiSkuName"].startswith("${AZURE_OPENAI_SKU=")


def test_the_default_model_is_one_a_new_subscription_can_deploy(templates):
    default = (default_of(templates, "openAiModelName"), default_of(templates, "openAiModelVersion"))
    assert default == DEFAULT_MODEL
    assert default not in CLOSED_TO_NEW_DEPLOYMENTS
    assert default_of(templates, "openAiSkuName") == "GlobalStandard"
    # A GPT-5-family model is a reasoning model: the app must send max_completion_tokens, no temperature.
    assert default_of(templates, "openAiModelKind") == "reasoning"
    assert default_of(templates, "openAiReasoningEffort") == "low"


def test_no_model_name_is_written_outside_the_parameter_defaults(templates):
    for path, template in templates.items():
        for section in ("resources", "modules", "variables", "outputs"):
            found = [s for s in strings_in(template.get(section, {})) if MODEL_NAME.search(s)]
            assert found == [], f"{path} {section}: {found}"
    named = {
        name
        for name, spec in templates["main.bicep"]["parameters"].items()
        if isinstance(spec.get("default"), str) and MODEL_NAME.search(spec["default"])
    }
    assert named == {"openAiModelName"}
    for path in sorted((INFRA / "hooks").glob("*.sh")) + [REPO / "azure.yaml"]:
        assert [line for line in code_lines(path) if MODEL_NAME.search(line)] == [], path


def test_the_app_is_told_what_kind_of_model_it_calls(templates):
    settings = app_settings(templates)
    assert settings["AZURE_OPENAI_DEPLOYMENT"] == "openAiDeploymentName"
    assert settings["AZURE_OPENAI_MODEL_KIND"] == "openAiModelKind"
    assert settings["AZURE_OPENAI_REASONING_EFFORT"] == "openAiReasoningEffort"
    assert settings["AZURE_OPENAI_API_VERSION"] == "openAiApiVersion"
    assert set(allowed_of(templates, "main.bicep", "openAiModelKind")) == {"chat", "reasoning"}
    assert "low" in allowed_of(templates, "main.bicep", "openAiReasoningEffort")
    # max_completion_tokens and reasoning_effort need a data-plane version newer than 2024-10-21.
    assert default_of(templates, "openAiApiVersion") >= "2025-04-01"


# -- Flex Consumption -----------------------------------------------------------------------------------------------


def test_the_site_sends_nothing_flex_consumption_refuses(templates):
    site = body(only(templates["app/api.bicep"], "Microsoft.Web/sites"))
    assert keys_in(site) & FLEX_REFUSED_SITE_CONFIG == set()
    assert set(site["properties"]["siteConfig"]) == {"minTlsVersion"}
    assert set(app_settings(templates)) & FLEX_DEPRECATED_APP_SETTINGS == set()


def test_flex_consumption_may_scale_to_a_small_maximum(templates):
    parameter = templates["app/api.bicep"]["parameters"]["maximumInstanceCount"]
    decorators = {d["type"]: d.get("argument") for d in parameter["decorators"]}
    assert decorators["min_value"] == 1
    assert module_params(templates, "api")["maximumInstanceCount"] == "functionMaxInstances"
    assert default_of(templates, "functionMaxInstances") <= 10


# -- MySQL ----------------------------------------------------------------------------------------------------------


def test_a_new_mysql_server_gets_the_current_lts_version(templates):
    assert default_of(templates, "mysqlVersion") == "8.4"
    assert parameters_file()["mysqlVersion"] == "${MYSQL_VERSION=8.4}"
    assert "5.7" not in allowed_of(templates, "main.bicep", "mysqlVersion")
    assert module_params(templates, "mysql")["version"] == "mysqlVersion"
    server = body(only(templates["app/mysql.bicep"], "Microsoft.DBforMySQL/flexibleServers"))
    # An existing server keeps its version: a major version upgrade is irreversible and deliberate.
    version = server["properties"]["version"]["operator"]
    assert version["type"] == "conditional"
    assert version["operands"] == {"condition": "serverExists", "true_value": None, "false_value": "version"}


def test_the_entra_administrator_is_set_only_after_the_graph_grant(templates):
    mysql = templates["app/mysql.bicep"]
    assert resources_of_type(mysql, "Microsoft.DBforMySQL/flexibleServers/administrators") == []
    assert "aad_auth_only" not in strings_in(mysql["variables"])
    hook = (INFRA / "hooks" / "postprovision.sh").read_text()
    assert hook.index('sh "$hooks/grant-mysql-graph.sh"') < hook.index('sh "$hooks/mysql-entra-admin.sh"')
    assert "set -eu" in hook  # a failed grant stops the hook before the administrator is set


def function_triggers() -> list[str]:
    """The trigger kind of every function the app registers (route, blob_trigger, timer_trigger, ...)."""
    kinds = []
    for path in REPO.rglob("*.py"):
        if {".venv", "node_modules", "tests", "devhost", "bench"} & set(path.relative_to(REPO).parts):
            continue
        kinds += re.findall(r"^@\w+\.(route|\w+_trigger)\(", path.read_text(errors="replace"), re.MULTILINE)
    return kinds


def test_the_connection_budget_fits_the_server(templates):
    triggers = function_triggers()
    assert "route" in triggers and "blob_trigger" in triggers
    # Flex Consumption scales HTTP functions as one group, Blob (Event Grid) functions as another and
    # every other function on its own; each group gets up to maximumInstanceCount instances.
    groups = 1 + 1 + sum(1 for kind in triggers if kind not in {"route", "blob_trigger"})
    assert templates["main.bicep"]["variables"]["functionScaleGroups"]["value"] == groups
    instances = groups * default_of(templates, "functionMaxInstances")
    per_process = default_of(templates, "mysqlPoolSize") + default_of(templates, "mysqlMaxOverflow")
    worker_processes = 1  # FUNCTIONS_WORKER_PROCESS_COUNT is not set: the platform default is 1
    assert "FUNCTIONS_WORKER_PROCESS_COUNT" not in app_settings(templates)
    at_most = instances * worker_processes * per_process
    max_connections = default_of(templates, "mysqlMaxConnections")
    assert max_connections <= MAX_CONNECTIONS_EVERY_SKU_ACCEPTS
    # Old and new instances overlap during a deployment; even doubled the app stays under the limit.
    assert 2 * at_most <= max_connections
    # The pool sizes reach the app, the server gets max_connections, the output states the product.
    settings = module_params(templates, "api")["appSettings"]
    assert settings["MYSQL_POOL_SIZE"]["function"]["parameters"]["value_to_convert"] == "mysqlPoolSize"
    assert settings["MYSQL_MAX_OVERFLOW"]["function"]["parameters"]["value_to_convert"] == "mysqlMaxOverflow"
    assert module_params(templates, "mysql")["maxConnections"] == "mysqlMaxConnections"
    configurations = only(templates["app/mysql.bicep"], "Microsoft.DBforMySQL/flexibleServers/configurations")
    items = templates["app/mysql.bicep"]["variables"][configurations["config"]["loop_type"]["detail"]["array_name"]]
    (max_item,) = [item for item in items["value"] if item["name"] == "max_connections"]
    assert max_item["value"]["function"]["parameters"]["value_to_convert"] == "maxConnections"
    assert templates["main.bicep"]["outputs"]["MYSQL_CONNECTIONS_AT_MOST"]["value"] == "mysqlConnectionsAtMost"
    readme = (REPO / "README.md").read_text()
    assert f"= {at_most} connections" in readme
    # A process run without the app settings (a local run against MySQL) keeps to the same budget.
    from settings import get_settings

    get_settings.cache_clear()
    defaults = get_settings()
    assert (defaults.mysql_pool_size, defaults.mysql_max_overflow) == (
        default_of(templates, "mysqlPoolSize"),
        default_of(templates, "mysqlMaxOverflow"),
    )


# -- host names -----------------------------------------------------------------------------------------------------


def test_host_names_are_the_ones_azure_gives(templates):
    files = sorted(INFRA.rglob("*.bicep")) + sorted((INFRA / "hooks").glob("*.sh")) + [REPO / "azure.yaml"]
    for path in files:
        assert [line for line in code_lines(path) if "azurewebsites.net" in line] == [], path
    assert "azurewebsites.net" not in (INFRA / "main.parameters.json").read_text()
    outputs = templates["main.bicep"]["outputs"]
    assert outputs["SERVICE_API_URI"]["value"] == "appOrigin"
    assert outputs["SERVICE_API_HOST"]["value"] == "appHost"
    assert ref(templates["main.bicep"]["variables"]["appHost"]["value"]) == "api.outputs.defaultHostName"
    assert ref(templates["app/api.bicep"]["outputs"]["defaultHostName"]["value"]) == "site.properties.defaultHostName"
    assert (
        'redirect_uri="https://${SERVICE_API_HOST}/.auth/login/aad/callback"'
        in (INFRA / "hooks" / "postprovision.sh").read_text()
    )
    postdeploy = (INFRA / "hooks" / "postdeploy.sh").read_text()
    assert 'endpoint="https://${SERVICE_API_HOST}/runtime/webhooks/blobs?' in postdeploy


def test_the_budget_written_in_main_bicep_is_the_one_the_defaults_give(templates):
    # The comment is where someone raising FUNCTIONS_MAX_INSTANCES reads the arithmetic; it must not go stale.
    groups = templates["main.bicep"]["variables"]["functionScaleGroups"]["value"]
    instances = groups * default_of(templates, "functionMaxInstances")
    per_process = default_of(templates, "mysqlPoolSize") + default_of(templates, "mysqlMaxOverflow")
    text = (INFRA / "main.bicep").read_text()
    worst = re.search(r"worst case = (\d+) × 1 × (\d+) = (\d+) connections, against max_connections (\d+)", text)
    assert worst, "main.bicep states the connection budget"
    assert tuple(int(n) for n in worst.groups()) == (
        instances,
        per_process,
        instances * per_process,
        default_of(templates, "mysqlMaxConnections"),
    )
    assert re.search(rf"overlap during a deployment \({2 * instances * per_process}\)", text)


def test_every_repository_file_the_deployment_points_to_exists():
    files = sorted(INFRA.rglob("*.bicep")) + sorted((INFRA / "hooks").glob("*.sh")) + [REPO / "azure.yaml"]
    named = {
        (path.name, target)
        for path in files
        for target in re.findall(r"\b((?:docs|infra|tests)/[\w./-]+\.(?:md|sh|bicep|json|py))\b", path.read_text())
    }
    assert named, "the templates name the files they rely on"
    assert [(source, target) for source, target in named if not (REPO / target).is_file()] == []
