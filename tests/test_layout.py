"""The layout the README promises, checked on the source: no import circles, the packages' directions of
dependency (handlers → records → recognize), azure.functions only in handlers/, and first-party imports at the
top of a module, never hidden inside a function.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("handlers", "records", "recognize", "devhost")
MODULES = ("function_app", "settings")
FIRST_PARTY = (*PACKAGES, *MODULES)
FORBIDDEN = {
    "recognize": ("records", "handlers", "devhost", "function_app"),
    "records": ("handlers", "devhost", "function_app"),
    "handlers": ("devhost",),
}
AZURE_FUNCTIONS_ALLOWED = ("handlers", "function_app", "devhost")
# Imports that must run late, each with its reason (the line says so in a comment too).
LATE = {
    ("devhost.server", "function_app"): "the host loads the app once local.settings.json is in the environment",
    ("recognize.engine", "recognize.llm"): "pydantic and the openai SDK load only when a model is asked",
}
# The only other packages a function may import late, each with its reason: heavy (cold start is a feature), only
# one path needs them, or only one platform has them. Anything else belongs at the top of its module.
LATE_PACKAGES = {
    "PIL": "image decoding and drawing: recognition and document previews only",
    "pillow_heif": "HEIC pictures: optional, only when one is uploaded",
    "rapidocr": "the OCR engine and its models: the offline recognizer only",
    "numpy": "the OCR engine's image arrays: the offline recognizer only",
    "pdfplumber": "PDF text: e-invoices only",
    "pypdfium2": "PDF rendering: e-invoices only",
    "openai": "the model's SDK: only when a model is asked",
    "pydantic": "the model's answer schema: only when a model is asked",
    "azure.identity": "managed identity: only on Azure without a key",
    "azure.storage": "the Blob SDK: only the paths that touch storage",
    "azure.core": "the Blob SDK's errors: only the paths that touch storage",
    "openpyxl": "XLSX: only XLSX bills and exports",
    "alembic": "migrations: only when the schema is upgraded or listed",
    "segno": "QR codes: only two-step enrolment and `make lan`",
    "cryptography": "certificates: only `make lan`",
    "certifi": "the CA bundle: only MySQL over TLS without MYSQL_SSL_CA, and `make lan`",
    "msvcrt": "file locks on Windows only",
    "fcntl": "file locks on POSIX only",
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def sources() -> dict[str, Path]:
    found = {name: ROOT / f"{name}.py" for name in MODULES}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" not in path.parts:
                found[module_name(path)] = path
    return found


def imports_of(name: str, path: Path):
    """(imported module, line, inside a function?) for each import statement of a module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]

    def visit(node, in_function):
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            if isinstance(child, ast.Import):
                for alias in child.names:
                    yield alias.name, child.lineno, in_function
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    base = ".".join([*package.split(".")[: len(package.split(".")) - child.level + 1], base]).strip(".")
                for alias in child.names:
                    # `from records import ledger` names the module records.ledger, `from azure import functions`
                    # azure.functions, `from records.money import ZERO` records.money.ZERO (first_party walks up).
                    yield f"{base}.{alias.name}", child.lineno, in_function
            elif isinstance(child, ast.If) and _is_type_checking(child.test):
                continue
            else:
                yield from visit(child, nested)

    yield from visit(tree, False)


def _is_type_checking(test) -> bool:
    return isinstance(test, ast.Name) and test.id == "TYPE_CHECKING"


modules = sources()


def first_party(target: str) -> str | None:
    """The first-party module `target` names (a module, or the package it is in), else None."""
    while target:
        if target in modules:
            return target
        target = target.rpartition(".")[0]
    return None


def graph() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for target, _line, _in_function in imports_of(name, path):
            found = first_party(target)
            if found and found != name:
                edges[name].add(found)
    return edges


def test_no_module_imports_itself_through_others():
    # A package's __init__ importing its own modules counts too: a module that imports its package back closes
    # a circle.
    edges = graph()
    cycles = []
    state: dict[str, int] = {}

    def walk(node, trail):
        state[node] = 1
        for target in sorted(edges[node]):
            if state.get(target) == 1:
                cycles.append(" → ".join([*trail[trail.index(target) :], target]))
            elif target not in state:
                walk(target, [*trail, target])
        state[node] = 2

    for name in sorted(edges):
        if name not in state:
            walk(name, [name])
    assert cycles == []


def test_packages_depend_only_downwards():
    wrong = []
    for name, targets in graph().items():
        top = name.split(".")[0]
        for target in targets:
            if target.split(".")[0] in FORBIDDEN.get(top, ()):
                wrong.append(f"{name} imports {target}")
    assert wrong == []


def test_only_handlers_import_azure_functions():
    wrong = [
        f"{name}:{line}"
        for name, path in modules.items()
        for target, line, _ in imports_of(name, path)
        if target.startswith("azure.functions") and name.split(".")[0] not in AZURE_FUNCTIONS_ALLOWED
    ]
    assert wrong == []


def test_first_party_imports_sit_at_the_top_of_their_module():
    hidden = [
        f"{name}:{line} imports {target}"
        for name, path in modules.items()
        for target, line, in_function in imports_of(name, path)
        if in_function and first_party(target) and (name, first_party(target)) not in LATE
    ]
    assert hidden == []


def test_late_imports_are_heavy_or_optional_packages_with_a_reason():
    """No circle needs dodging, so an import inside a function is a heavy or optional package, listed above."""

    def listed(target: str) -> bool:
        return any(target == package or target.startswith(package + ".") for package in LATE_PACKAGES)

    unexplained = [
        f"{name}:{line} imports {target}"
        for name, path in modules.items()
        for target, line, in_function in imports_of(name, path)
        if in_function and not first_party(target) and not listed(target)
    ]
    assert unexplained == []
