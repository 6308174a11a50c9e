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


# One rule in one place. Where the page must hold a copy (it has no build step), the copy is checked against the
# server's; elsewhere a rule's telltale text may appear only in the module that owns it.
STATIC = ROOT / "static_site"
RULE_HOMES = {
    # net spending: an expense counts, a refund counts against it
    r"""direction ={2,3} ['"]refund['"]\)?[,\s]*(?:\w+\s*)?-|expense\W*(?:ZERO\W*)?-\W*\S*refund""": (
        "records/money.py",
        "static_site/js/money.js",
    ),
    r"datetime\(2000\b|\.year\s*<\s*2000": ("recognize/models.py",),  # the earliest payment
    r"monthrange": ("records/dates.py",),  # a month's last day
    r"datetime\.now\(ZoneInfo": ("records/dates.py",),  # today in the ledger's zone
    r"^ANON\s*=|^def _owner\b": ("handlers/responses.py",),
}


def _js_list(text: str, name: str) -> list[str]:
    import re

    found = re.search(rf"const {name} = \[([^\]]*)\]", text)
    assert found, name
    return re.findall(r"'([^']*)'", found.group(1))


def test_the_page_holds_the_servers_field_rules():
    import re

    from recognize.models import DIRECTIONS, DOUBTFUL, REASONS, REQUIRED

    fields_js = (STATIC / "js" / "fields.js").read_text(encoding="utf-8")
    assert sorted(_js_list(fields_js, "DIRECTIONS")) == sorted(DIRECTIONS)
    assert _js_list(fields_js, "REQUIRED") == list(REQUIRED)
    assert _js_list(fields_js, "REASONS") == list(REASONS)
    assert float(re.search(r"const LOW_CONFIDENCE = ([\d.]+);", fields_js).group(1)) == DOUBTFUL
    # Every direction picker offers exactly the server's directions, and both languages name each of them.
    html = (STATIC / "index.html").read_text(encoding="utf-8")
    pickers = re.findall(r'<select[^>]*name="direction"[^>]*>(.*?)</select>', html, re.S)
    assert pickers and all(
        sorted(v for v in re.findall(r'value="([^"]*)"', body) if v) == sorted(DIRECTIONS) for body in pickers
    )
    i18n = (STATIC / "js" / "i18n.js").read_text(encoding="utf-8")
    assert sorted(re.findall(r"'dir\.(\w+)':", i18n)) == sorted([*DIRECTIONS, *DIRECTIONS])


def test_the_pages_length_limits_are_the_servers():
    import re

    from recognize.models import TEXT_LIMITS
    from records.books import NAME_MAX
    from records.category_admin import MAX_ICON, MAX_NAME
    from records.tags import MAX_TAG

    by_id = {"f-tag": MAX_TAG, "batch-tag": MAX_TAG, "cat-name": MAX_NAME, "cat-icon": MAX_ICON}
    by_id |= {"book-new-name": NAME_MAX, "book-rename-name": NAME_MAX}
    html = (STATIC / "index.html").read_text(encoding="utf-8")
    wrong = []
    for tag in re.findall(r"<(?:input|textarea)\b[^>]*\bmaxlength=\"\d+\"[^>]*>", html):
        attrs = dict(re.findall(r'([\w-]+)="([^"]*)"', tag))
        limit = by_id.get(attrs.get("id", "")) or TEXT_LIMITS.get(attrs.get("name", ""))
        if limit != int(attrs["maxlength"]):
            wrong.append(f"{tag} (server: {limit})")
    assert wrong == []


def test_each_rule_is_written_in_the_module_that_owns_it():
    import re

    files = [*modules.values(), *(STATIC / "js").rglob("*.js")]

    def lines(path: Path, pattern: str) -> list[tuple[int, str]]:
        text = path.read_text(encoding="utf-8").splitlines()
        return [(number, line) for number, line in enumerate(text, 1) if re.search(pattern, line)]

    # Each telltale is found where the rule lives (so a pattern that matches nothing cannot pass unnoticed)...
    assert [(p, home) for p, homes in RULE_HOMES.items() for home in homes if not lines(ROOT / home, p)] == []
    # ...and nowhere else.
    strays = [
        f"{path.relative_to(ROOT)}:{number} {line.strip()}"
        for pattern, homes in RULE_HOMES.items()
        for path in files
        if path.relative_to(ROOT).as_posix() not in homes
        for number, line in lines(path, pattern)
    ]
    assert strays == []


def test_handlers_run_no_sql():
    """A handler calls one domain function; connections, transactions and SQL are records/'s."""
    import re

    telltale = re.compile(
        r"\b(?:engine|conn|get_engine\(\))\.(?:begin|connect|execute)\("
        r"|^\s*(?:import sqlalchemy|from sqlalchemy import)\b|\bsa\."
    )
    found = [
        f"{name}:{number} {line.strip()}"
        for name, path in modules.items()
        if name.split(".")[0] == "handlers"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if telltale.search(line)
    ]
    assert found == []


def test_no_module_reaches_for_another_modules_private_names():
    """What one module takes from another is public: a leading underscore means "only here"."""
    private = [
        f"{name}:{line} imports {target}"
        for name, path in modules.items()
        for target, line, _ in imports_of(name, path)
        if first_party(target) and target.rpartition(".")[2].startswith("_") and not target.endswith("__")
    ]
    assert private == []
