"""What the deployment promises, read from the parsed Bicep: no keys, TLS everywhere, Entra-only logins,
the right roles, the Event Grid wiring, the lifecycle rule, Flex Consumption and Easy Auth.
(What today's Azure demands of it, issue 16, is in test_current_azure.py.)"""

from __future__ import annotations

import json
import os
import re

import pytest

from tests.infra.bicep_tools import (
    INFRA,
    REPO,
    app_settings,
    bicep_files,
    body,
    loop_items,
    module_params,
    only,
    ref,
    resources_of_type,
    site_config,
)

# API versions checked against Azure/bicep-types-az (generated/<provider>/<namespace>/<version>/types.md);
# MySQL's 2024-12-30 (the newest GA) against Azure/azure-rest-api-specs
# (specification/mysql/resource-manager/Microsoft.DBforMySQL/FlexibleServers/stable/2024-12-30/openapi.json).
CONFIRMED_API_VERSIONS = {
    "Microsoft.Resources/resourceGroups": "2024-03-01",
    "Microsoft.ManagedIdentity/userAssignedIdentities": "2023-01-31",
    "Microsoft.OperationalInsights/workspaces": "2023-09-01",
    "Microsoft.Insights/components": "2020-02-02",
    "Microsoft.Storage/storageAccounts": "2023-05-01",
    "Microsoft.Storage/storageAccounts/blobServices": "2023-05-01",
    "Microsoft.Storage/storageAccounts/blobServices/containers": "2023-05-01",
    "Microsoft.Storage/storageAccounts/managementPolicies": "2023-05-01",
    "Microsoft.EventGrid/systemTopics": "2022-06-15",
    "Microsoft.CognitiveServices/accounts": "2024-10-01",
    "Microsoft.CognitiveServices/accounts/deployments": "2024-10-01",
    "Microsoft.DBforMySQL/flexibleServers": "2024-12-30",
    "Microsoft.DBforMySQL/flexibleServers/configurations": "2024-12-30",
    "Microsoft.DBforMySQL/flexibleServers/databases": "2024-12-30",
    "Microsoft.DBforMySQL/flexibleServers/firewallRules": "2024-12-30",
    "Microsoft.Web/serverfarms": "2024-04-01",
    "Microsoft.Web/sites": "2024-04-01",
    "Microsoft.Web/sites/config": "2024-04-01",
    "Microsoft.Authorization/roleAssignments": "2022-04-01",
}

ROLES = {
    "Storage Blob Data Owner": "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
    "Storage Queue Data Contributor": "974c5e8b-45b9-4653-ba55-5f855dd0fb88",
    "Storage Table Data Contributor": "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3",
    "Monitoring Metrics Publisher": "3913510d-42f4-4e42-8a64-420c390055eb",
    "Cognitive Services OpenAI User": "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd",
}

# Every setting settings.py reads that must be set on Azure (others keep their defaults there).
# The model kind, reasoning effort and pool sizes are read by the Python side once issue 16's code lands.
AZURE_APP_SETTINGS = {
    "AzureWebJobsStorage__accountName",
    "AzureWebJobsStorage__credential",
    "AzureWebJobsStorage__clientId",
    "UPLOADS_CONTAINER",
    "MYSQL_HOST",
    "MYSQL_PORT",
    "MYSQL_USER",
    "MYSQL_DATABASE",
    "MYSQL_AUTH",
    "AZURE_OPENAI_ENDPOINT",
    "AZURE_OPENAI_DEPLOYMENT",
    "AZURE_OPENAI_API_VERSION",
    "AZURE_OPENAI_MODEL_KIND",
    "AZURE_OPENAI_REASONING_EFFORT",
    "MYSQL_POOL_SIZE",
    "MYSQL_MAX_OVERFLOW",
    "RECOGNIZER",
    "LEDGER_TZ",
    "AUTH_MODE",
    "AZURE_CLIENT_ID",
    "APPLICATIONINSIGHTS_CONNECTION_STRING",
    "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
}


def mysql_parameters(templates: dict) -> dict:
    """MySQL server parameters the template sets, name → value."""
    mysql = templates["app/mysql.bicep"]
    configurations = only(mysql, "Microsoft.DBforMySQL/flexibleServers/configurations")
    items = mysql["variables"][loop_items(configurations)]["value"]
    return {item["name"]: item["value"] for item in items}


# -- would it compile -------------------------------------------------------------------------------------------


def test_every_resource_uses_a_confirmed_api_version(templates):
    used = {
        (resource["type"], resource["api_version"])
        for template in templates.values()
        for resource in template.get("resources", {}).values()
    }
    unconfirmed = {(t, v) for t, v in used if CONFIRMED_API_VERSIONS.get(t) != v}
    assert unconfirmed == set()


def test_modules_get_exactly_the_params_they_declare(templates):
    for name, module in templates["main.bicep"]["modules"].items():
        target = templates[module["detail"]["path"]]
        declared = target.get("parameters", {})
        passed = set(module["config"]["params"])
        required = {p for p, spec in declared.items() if spec.get("default") is None}
        assert passed <= set(declared), f"{name} gets unknown params {passed - set(declared)}"
        assert required <= passed, f"{name} misses required params {required - passed}"


def test_parameters_file_names_only_real_parameters(templates):
    parameters = json.loads((INFRA / "main.parameters.json").read_text())["parameters"]
    assert set(parameters) <= set(templates["main.bicep"]["parameters"])
    assert parameters["environmentName"]["value"] == "${AZURE_ENV_NAME}"
    assert parameters["principalId"]["value"] == "${AZURE_PRINCIPAL_ID}"
    assert parameters["authClientId"]["value"] == "${AUTH_CLIENT_ID}"


def test_names_come_from_the_resource_token():
    main = (INFRA / "main.bicep").read_text()
    assert "var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))" in main
    assert "name: 'func-${resourceToken}'" not in main  # the app name is one variable
    assert "var functionAppName = 'func-${resourceToken}'" in main


def test_outputs_are_upper_snake_case(templates):
    outputs = templates["main.bicep"]["outputs"]
    assert outputs
    assert [name for name in outputs if not re.fullmatch(r"[A-Z][A-Z0-9_]*", name)] == []


def test_outputs_loaded_into_a_local_shell_do_not_point_it_at_the_cloud_database(templates):
    # `azd env get-values` feeds local runs; the cloud MySQL admits only the app's identity.
    outputs = set(templates["main.bicep"]["outputs"])
    assert (
        outputs & {"MYSQL_HOST", "MYSQL_USER", "MYSQL_AUTH", "AZURE_CLIENT_ID", "APPLICATIONINSIGHTS_CONNECTION_STRING"}
        == set()
    )


# -- no keys, TLS everywhere -------------------------------------------------------------------------------------


def test_storage_accepts_no_shared_key_and_only_tls12(templates):
    account = body(only(templates["app/storage.bicep"], "Microsoft.Storage/storageAccounts"))["properties"]
    assert account["allowSharedKeyAccess"] is False
    assert account["allowBlobPublicAccess"] is False
    assert account["minimumTlsVersion"] == "TLS1_2"
    assert account["supportsHttpsTrafficOnly"] is True


@pytest.mark.parametrize("path", bicep_files(), ids=lambda p: p.relative_to(INFRA).as_posix())
def test_no_template_reads_or_writes_a_key(path):
    text = path.read_text()
    for forbidden in ("listKeys(", "listkeys(", "AccountKey=", "MYSQL_PASSWORD", "AZURE_OPENAI_API_KEY"):
        assert forbidden not in text


def test_openai_and_app_insights_refuse_local_auth(templates):
    account = body(only(templates["app/openai.bicep"], "Microsoft.CognitiveServices/accounts"))
    assert account["kind"] == "OpenAI"
    assert account["properties"]["disableLocalAuth"] is True
    assert account["properties"]["customSubDomainName"] == "name"
    insights = body(only(templates["app/monitoring.bicep"], "Microsoft.Insights/components"))
    assert insights["properties"]["DisableLocalAuth"] is True


def test_function_app_is_https_only_with_tls12(templates):
    site = body(only(templates["app/api.bicep"], "Microsoft.Web/sites"))["properties"]
    assert site["httpsOnly"] is True
    assert site["siteConfig"]["minTlsVersion"] == "1.2"


def test_app_settings_reach_storage_with_the_identity_only(templates):
    settings = app_settings(templates)
    assert "AzureWebJobsStorage" not in settings
    assert settings["AzureWebJobsStorage__credential"] == "managedidentity"
    assert settings["AzureWebJobsStorage__clientId"] == "identityClientId"
    assert settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"] == "ClientId=${identityClientId};Authorization=AAD"


def test_app_settings_cover_what_the_code_reads_on_azure(templates):
    settings = app_settings(templates)
    assert AZURE_APP_SETTINGS - set(settings) == set()
    assert settings["RECOGNIZER"] == "llm"
    assert settings["AUTH_MODE"] == "easyauth"
    assert settings["MYSQL_AUTH"] == "entra"


# Issue 16: infra passes these; settings.py learns to read them in the lead's Python change.
def test_every_app_setting_name_is_one_settings_py_knows_or_the_platform_reads(templates):
    known = set(re.findall(r'_env\("([A-Za-z0-9_]+)"', (REPO / "settings.py").read_text()))
    platform = {
        "AZURE_CLIENT_ID",
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
        "OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID",
        "WEBSITE_AUTH_AAD_ALLOWED_TENANTS",
        "AzureWebJobsStorage__credential",
        "MYSQL_AUTH",
        "AUTH_MODE",
    }
    assert set(app_settings(templates)) - known - platform == set()


# -- MySQL -------------------------------------------------------------------------------------------------------


def test_mysql_demands_secure_transport_and_tls12_or_later(templates):
    parameters = mysql_parameters(templates)
    assert parameters["require_secure_transport"] == "ON"
    versions = set(parameters["tls_version"].split(","))
    assert versions == {"TLSv1.2", "TLSv1.3"}


def test_mysql_signs_in_with_entra_only_and_the_app_identity_is_its_admin(templates):
    # The Entra administrator and aad_auth_only are the postprovision hook's, after the Graph grant.
    hook = (INFRA / "hooks" / "mysql-entra-admin.sh").read_text()
    assert '--display-name "$AZURE_MYSQL_USER" --object-id "$SERVICE_API_IDENTITY_PRINCIPAL_ID"' in hook
    assert '--identity "$MYSQL_SERVER_IDENTITY_ID"' in hook
    assert "--name aad_auth_only --value ON" in hook
    assert hook.index("ad-admin create") < hook.index("--name aad_auth_only --value ON")
    outputs = templates["main.bicep"]["outputs"]
    assert ref(outputs["AZURE_MYSQL_USER"]["value"]) == "identities.outputs.appIdentityName"
    assert ref(outputs["SERVICE_API_IDENTITY_PRINCIPAL_ID"]["value"]) == "identities.outputs.appIdentityPrincipalId"
    assert ref(outputs["MYSQL_SERVER_IDENTITY_ID"]["value"]) == "identities.outputs.mysqlIdentityId"
    assert ref(module_params(templates, "api")["appSettings"]["MYSQL_USER"]) == "identities.outputs.appIdentityName"


def test_mysql_native_admin_is_sent_only_when_the_server_is_created(templates):
    server = body(only(templates["app/mysql.bicep"], "Microsoft.DBforMySQL/flexibleServers"))["properties"]
    for key in ("administratorLogin", "administratorLoginPassword"):
        condition = server[key]["operator"]
        assert condition["type"] == "conditional"
        assert condition["operands"]["condition"] == "serverExists"
        assert condition["operands"]["true_value"] is None
    assert templates["app/mysql.bicep"]["parameters"]["unusedAdminPassword"]["decorators"][0] == {"type": "secure"}
    assert module_params(templates, "mysql")["serverExists"] == "mysqlServerExists"
    hook = (INFRA / "hooks" / "preprovision.sh").read_text()
    assert 'azd env set MYSQL_SERVER_EXISTS "$exists"' in hook


def test_mysql_keeps_backups_for_the_retention_parameter(templates):
    server = body(only(templates["app/mysql.bicep"], "Microsoft.DBforMySQL/flexibleServers"))["properties"]
    assert server["backup"]["backupRetentionDays"] == "backupRetentionDays"
    assert module_params(templates, "mysql")["backupRetentionDays"] == "backupRetentionDays"
    database = body(only(templates["app/mysql.bicep"], "Microsoft.DBforMySQL/flexibleServers/databases"))
    assert database["name"] == "databaseName"
    assert templates["main.bicep"]["variables"]["databaseName"]["value"] == "snapledger"


def test_mysql_firewall_lets_in_azure_services_only(templates):
    rules = resources_of_type(templates["app/mysql.bicep"], "Microsoft.DBforMySQL/flexibleServers/firewallRules")
    assert [body(r)["properties"] for r in rules] == [{"startIpAddress": "0.0.0.0", "endIpAddress": "0.0.0.0"}]


# -- roles -------------------------------------------------------------------------------------------------------


def test_role_ids_carry_their_names_in_a_comment():
    rbac = (INFRA / "app" / "rbac.bicep").read_text()
    for role, role_id in ROLES.items():
        lines = [line for line in rbac.splitlines() if role_id in line]
        assert len(lines) == 1 and lines[0].rstrip().endswith(f"// {role}"), role


def test_the_app_identity_holds_every_role(templates):
    rbac = templates["app/rbac.bicep"]
    variables = {name: spec["value"] for name, spec in rbac["variables"].items()}
    granted = set()
    for assignment in resources_of_type(rbac, "Microsoft.Authorization/roleAssignments"):
        properties = body(assignment)["properties"]
        if properties["principalId"] != "appPrincipalId":
            continue
        assert properties["principalType"] == "ServicePrincipal"
        config = assignment["config"]
        roles = variables[loop_items(assignment)] if "loop_type" in config else [_role_argument(properties)]
        granted |= {variables[role] for role in roles}
    assert granted == set(ROLES.values())


def _role_argument(properties: dict) -> str:
    """The role variable named in subscriptionResourceId('…/roleDefinitions', role)."""
    call = properties["roleDefinitionId"]["function"]
    assert call["type"] == "subscription_resource_id"
    assert call["parameters"]["resource_type"] == "Microsoft.Authorization/roleDefinitions"
    return call["parameters"]["resource_name_1"]


def test_role_assignment_names_are_guid_of_scope_principal_role(templates):
    assignments = resources_of_type(templates["app/rbac.bicep"], "Microsoft.Authorization/roleAssignments")
    assert len(assignments) == 5
    for assignment in assignments:
        config = body(assignment)
        name = config["name"]["function"]
        assert name["type"] == "guid"
        assert [ref(name["parameters"][key]) for key in ("base_string", "extra_string_1", "extra_string_2")] == [
            f"{config['scope']}.id",
            config["properties"]["principalId"],
            _role_argument(config["properties"]),
        ]


def test_the_developer_gets_data_roles_only_when_a_principal_is_given(templates):
    rbac = templates["app/rbac.bicep"]
    user_assignments = [
        r
        for r in resources_of_type(rbac, "Microsoft.Authorization/roleAssignments")
        if body(r)["properties"]["principalId"] == "userPrincipalId"
    ]
    assert len(user_assignments) == 2
    assert all(body(r)["properties"]["principalType"] == "userPrincipalType" for r in user_assignments)
    assert ref(module_params(templates, "rbac")["userPrincipalId"]) == "principalId"
    assert module_params(templates, "rbac")["userPrincipalType"] == "principalType"


# -- storage, events, lifecycle ----------------------------------------------------------------------------------


def test_uploads_are_deleted_after_the_retention_days(templates):
    storage = templates["app/storage.bicep"]
    policy = body(only(storage, "Microsoft.Storage/storageAccounts/managementPolicies"))["properties"]["policy"]
    (rule,) = policy["rules"]
    assert rule["enabled"] is True and rule["type"] == "Lifecycle"
    assert rule["definition"]["filters"]["prefixMatch"] == ["${uploadsContainerName}/"]
    # Every type a lifecycle rule can delete (page blobs it cannot; the blob trigger deletes those).
    assert rule["definition"]["filters"]["blobTypes"] == ["blockBlob", "appendBlob"]
    assert rule["definition"]["actions"]["baseBlob"]["delete"] == {"daysAfterCreationGreaterThan": "imageRetentionDays"}
    assert module_params(templates, "storage")["imageRetentionDays"] == "imageRetentionDays"
    # The hourly cleanup (records/cleanup.py) keeps confirmed screenshots for the same days.
    retention = app_settings(templates)["IMAGE_RETENTION_DAYS"]
    assert retention == {"function": {"type": "string", "parameters": {"value_to_convert": "imageRetentionDays"}}}
    assert templates["main.bicep"]["variables"]["uploadsContainerName"]["value"] == "uploads"


def test_browser_may_put_uploads_from_the_app_origin_only(templates):
    blob = body(only(templates["app/blob-service.bicep"], "Microsoft.Storage/storageAccounts/blobServices"))
    (rule,) = blob["properties"]["cors"]["corsRules"]
    assert rule["allowedMethods"] == ["PUT", "OPTIONS"]
    assert rule["allowedOrigins"] == ["allowedOrigin"]
    assert {"x-ms-blob-type", "content-type", "x-ms-*"} <= set(rule["allowedHeaders"])
    assert blob["properties"]["deleteRetentionPolicy"]["enabled"] is True
    assert module_params(templates, "blobService")["allowedOrigin"] == "appOrigin"
    variables = templates["main.bicep"]["variables"]
    assert variables["appOrigin"]["value"] == "https://${appHost}"
    assert ref(variables["appHost"]["value"]) == "api.outputs.defaultHostName"
    # The storage module only refers to the blob service; one template owns its settings.
    assert resources_of_type(templates["app/storage.bicep"], "Microsoft.Storage/storageAccounts/blobServices") == []


def test_event_grid_system_topic_watches_the_storage_account(templates):
    topic = body(only(templates["app/eventgrid.bicep"], "Microsoft.EventGrid/systemTopics"))
    assert topic["properties"]["topicType"] == "Microsoft.Storage.StorageAccounts"
    assert ref(topic["properties"]["source"]) == "storage.id"


def test_postdeploy_hook_subscribes_blob_created_under_uploads_once():
    hook = (INFRA / "hooks" / "postdeploy.sh").read_text()
    assert "runtime/webhooks/blobs?functionName=Host.Functions.on_upload&code=${key}" in hook
    assert 'subject="/blobServices/default/containers/${container}/"' in hook
    assert hook.count("--included-event-types Microsoft.Storage.BlobCreated") == 2
    assert hook.count('--subject-begins-with "$subject"') == 2
    # Idempotent: it looks for the subscription before creating one.
    assert hook.index("event-subscription show") < hook.index("event-subscription create")


# -- Flex Consumption and Easy Auth ------------------------------------------------------------------------------


def test_function_app_runs_python_311_on_flex_consumption(templates):
    api = templates["app/api.bicep"]
    plan = body(only(api, "Microsoft.Web/serverfarms"))
    assert plan["sku"] == {"name": "FC1", "tier": "FlexConsumption"}
    assert plan["properties"]["reserved"] is True
    site = body(only(api, "Microsoft.Web/sites"))
    assert site["identity"]["type"] == "UserAssigned"
    config = site["properties"]["functionAppConfig"]
    assert config["runtime"] == {"name": "python", "version": "3.11"}
    assert config["deployment"]["storage"]["authentication"] == {
        "type": "UserAssignedIdentity",
        "userAssignedIdentityResourceId": "identityId",
    }


def test_easy_auth_requires_sign_in_except_for_the_blob_webhook(templates):
    auth = body(site_config(templates, "authsettingsV2"))["properties"]
    assert auth["platform"]["enabled"] is True
    validation = auth["globalValidation"]
    assert validation["requireAuthentication"] is True
    assert validation["unauthenticatedClientAction"] == "RedirectToLoginPage"
    assert validation["excludedPaths"] == ["/runtime/webhooks/blobs"]
    entra = auth["identityProviders"]["azureActiveDirectory"]
    assert entra["enabled"] is True
    assert entra["registration"]["clientId"] == "authClientId"


def test_easy_auth_uses_the_managed_identity_instead_of_a_client_secret(templates):
    auth = body(site_config(templates, "authsettingsV2"))["properties"]
    secret_setting = auth["identityProviders"]["azureActiveDirectory"]["registration"]["clientSecretSettingName"]
    assert secret_setting == "OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID"
    assert app_settings(templates)[secret_setting] == "identityClientId"


# -- azd ---------------------------------------------------------------------------------------------------------


def test_azure_yaml_deploys_the_repo_as_a_python_function():
    import yaml

    project = yaml.safe_load((REPO / "azure.yaml").read_text())
    assert project["services"] == {"api": {"project": ".", "language": "python", "host": "function"}}
    assert project["infra"] == {"provider": "bicep", "path": "infra"}


@pytest.mark.parametrize("hook", ["preprovision", "postprovision", "postdeploy"])
def test_azure_yaml_names_each_hook_script(hook):
    import yaml

    spec = yaml.safe_load((REPO / "azure.yaml").read_text())["hooks"][hook]
    script = REPO / spec["run"]
    assert script.is_file() and os.access(script, os.X_OK)
    assert spec["continueOnError"] is False


@pytest.mark.parametrize("hook", sorted((INFRA / "hooks").glob("*.sh")), ids=lambda p: p.name)
def test_hook_is_valid_posix_sh(hook):
    import subprocess

    result = subprocess.run(["sh", "-n", str(hook)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("hook", sorted((INFRA / "hooks").glob("*.sh")), ids=lambda p: p.name)
def test_hooks_need_only_outputs_the_deployment_writes(templates, hook):
    required = set(re.findall(r"\$\{([A-Z_]+):\?", hook.read_text()))
    written = set(templates["main.bicep"]["outputs"]) | {"AUTH_CLIENT_ID"}
    assert required - written == set()
