"""Helpers for the infra tests: the Bicep templates parsed with pycep, and ways to read them."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
INFRA = REPO / "infra"


def bicep_files() -> list[Path]:
    """Every .bicep file under infra/, sorted for stable test ids."""
    return sorted(INFRA.rglob("*.bicep"))


@pytest.fixture(scope="session")
def templates() -> dict[str, dict]:  # noqa: D401 - pytest fixture
    """Each template's pycep JSON, keyed by its path relative to infra/ ('app/api.bicep')."""
    from pycep import BicepParser

    parser = BicepParser()
    return {path.relative_to(INFRA).as_posix(): parser.parse(text=path.read_text()) for path in bicep_files()}


def body(resource: dict) -> dict:
    """A resource's own properties, unwrapped from pycep's loop/condition envelope."""
    config = resource["config"]
    if "loop_type" in config or "condition" in config:
        return config["config"]
    return config


def loop_items(resource: dict) -> object:
    """The array a `[for x in array: …]` resource iterates over, as pycep gives it."""
    return resource["config"]["loop_type"]["detail"]["array_name"]


def ref(node: object) -> object:
    """Render a pycep expression back to text where that is simple ('storage.name', 'tenant()')."""
    if isinstance(node, dict) and "operator" in node and node["operator"]["type"] == "property_accessor":
        operands = node["operator"]["operands"]
        return f"{ref(operands['operand_1'])}.{ref(operands['operand_2'])}"
    if isinstance(node, dict) and "function" in node:
        return f"{node['function']['type']}()"
    return node


def resources_of_type(template: dict, resource_type: str) -> list[dict]:
    """Every resource (not `existing` references) of one type in a parsed template."""
    return [r for r in template.get("resources", {}).values() if r["type"] == resource_type and not r.get("existing")]


def only(template: dict, resource_type: str) -> dict:
    """The single resource of a type in a template; fails the test if there is not exactly one."""
    found = resources_of_type(template, resource_type)
    assert len(found) == 1, f"expected one {resource_type}, found {len(found)}"
    return found[0]


def module_params(templates: dict, module: str) -> dict:
    """The params main.bicep passes to one of its modules."""
    return templates["main.bicep"]["modules"][module]["config"]["params"]


def app_settings(templates: dict) -> dict:
    """Every app setting of the Function App: main.bicep's appSettings merged with api.bicep's own."""
    settings = body(site_config(templates, "appsettings"))["properties"]["function"]
    assert settings["type"] == "union" and settings["parameters"]["arg_1"] == "appSettings"
    return {**module_params(templates, "api")["appSettings"], **settings["parameters"]["arg_2"]}


def site_config(templates: dict, name: str) -> dict:
    """The one Microsoft.Web/sites/config resource of api.bicep with this name ('appsettings', 'authsettingsV2')."""
    configs = resources_of_type(templates["app/api.bicep"], "Microsoft.Web/sites/config")
    matching = [c for c in configs if body(c)["name"] == name]
    assert len(matching) == 1, f"expected one sites/config named {name}"
    return matching[0]
