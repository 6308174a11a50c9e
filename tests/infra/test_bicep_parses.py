"""Every Bicep template parses cleanly: tree-sitter-bicep finds no ERROR or MISSING node, pycep parses it too."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.infra.bicep_tools import INFRA, bicep_files


def syntax_problems(source: bytes) -> list[str]:
    """Line, column and text of every ERROR or MISSING node tree-sitter-bicep finds in a source."""
    import tree_sitter_bicep
    from tree_sitter import Language, Parser

    tree = Parser(Language(tree_sitter_bicep.language())).parse(source)
    problems = []
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        if node.type == "ERROR" or node.is_missing:
            row, column = node.start_point
            snippet = source[node.start_byte : node.end_byte][:60].decode(errors="replace")
            problems.append(f"{row + 1}:{column + 1} {node.type} {snippet!r}")
        stack.extend(node.children)
    return problems


def test_the_deployment_has_its_templates():
    names = {path.relative_to(INFRA).as_posix() for path in bicep_files()}
    assert {"main.bicep", "app/api.bicep", "app/rbac.bicep", "app/storage.bicep", "app/mysql.bicep"} <= names


@pytest.mark.parametrize("path", bicep_files(), ids=lambda p: p.relative_to(INFRA).as_posix())
def test_template_has_no_syntax_errors(path: Path):
    assert syntax_problems(path.read_bytes()) == []


def test_checker_reports_a_broken_template():
    broken = b"resource st 'Microsoft.Storage/storageAccounts@2023-05-01' = {\n  name: 'x'\n  properties: {\n"
    assert syntax_problems(broken)


def test_every_template_parses_with_pycep(templates):
    assert sorted(templates) == sorted(path.relative_to(INFRA).as_posix() for path in bicep_files())
    assert all(parsed.get("resources") or parsed.get("modules") for parsed in templates.values())
