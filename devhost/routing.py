"""Azure Functions route templates ({id}, {id:int}, {*rest}, {*rest:regex(...)}) matched with the host's precedence.

A `regex(...)` constraint is checked the way ASP.NET Core checks it: searched (not anchored unless the
pattern anchors itself) in the whole parameter value, ignoring case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import unquote

_CONSTRAINTS = {"int": r"-?\d+", "long": r"-?\d+", "guid": r"[0-9a-fA-F-]{36}", "alpha": r"[A-Za-z]+"}


@dataclass(order=True)
class Route:
    """One HTTP function's route: its precedence key, pattern, methods and the function to call."""

    rank: tuple
    template: str = field(compare=False)
    pattern: re.Pattern = field(compare=False)
    methods: frozenset = field(compare=False)
    function: object = field(compare=False)
    checks: tuple = field(default=(), compare=False)  # (parameter, compiled regex constraint)

    def accepts(self, params: dict) -> bool:
        """Whether every regex constraint holds for the matched parameters."""
        return all(rule.search(params.get(name) or "") for name, rule in self.checks)


def compile_template(template: str) -> tuple[re.Pattern, tuple, tuple]:
    """A regex for a route template, its precedence rank (literal < constrained < plain < catch-all) and its
    regex constraints.
    """
    parts, rank, checks = [], [], []
    for segment in template.strip("/").split("/"):
        match = re.fullmatch(r"\{(\*?)(\w+)(?::(\w+|regex\((.*)\)))?(\?)?\}", segment)
        if not match:
            parts.append(re.escape(segment))
            rank.append(0)
            continue
        catch_all, name, constraint, expression, optional = match.groups()
        if expression is not None:
            checks.append((name, re.compile(expression, re.IGNORECASE)))
            constraint = None
        if catch_all:
            parts.append(f"(?P<{name}>.*)")
            rank.append(3)
        else:
            body = _CONSTRAINTS.get(constraint or "", r"[^/]+")
            parts.append(f"(?P<{name}>{body}){'?' if optional else ''}")
            rank.append(1 if constraint else 2)
    pattern = re.compile("^" + "/".join(parts) + "$")
    return pattern, (*rank, 9 - len(rank)), tuple(checks)


def build_routes(functions) -> list[Route]:
    """Read the FunctionApp's own function metadata into routes, most specific first."""
    routes = []
    for fn in functions:
        trigger = fn.get_trigger()
        if trigger.get_binding_name() != "httpTrigger":
            continue
        template = trigger.route or fn.get_function_name()
        pattern, rank, checks = compile_template(template)
        methods = frozenset(str(getattr(m, "value", m)).upper() for m in (trigger.methods or ["GET", "POST"]))
        routes.append(Route(rank, template, pattern, methods, fn.get_user_function(), checks))
    return sorted(routes)


def match(routes: list[Route], method: str, path: str) -> tuple[Route | None, dict, bool]:
    """The route for a request, its route parameters, and whether the path matched with another method."""
    # The deployed host decodes an encoded slash before it routes (azure-functions-host #9290, #3998): /a%2Fb is
    # /a/b there, so a value holding a slash never reaches a one-segment parameter. The devhost does the same.
    path = re.sub("%2f", "/", path, flags=re.IGNORECASE).strip("/")
    other_method = False
    for route in routes:
        found = route.pattern.match(path)
        # As the Functions host does, a route value reaches the function percent-decoded (/api/categories/%E9%A4%90…).
        params = {k: unquote(v) for k, v in found.groupdict().items() if v is not None} if found else {}
        if not found or not route.accepts(params):
            continue
        if method in route.methods:
            return route, params, False
        other_method = True
    return None, {}, other_method
