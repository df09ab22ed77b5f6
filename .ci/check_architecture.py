"""Architecture check for Reclaim (ARCHITECTURE.md section 2, STYLE.md sections 1 and 3).

Two rules, checked on the AST of every Python file under ``reclaim/``:

(a) Interface code never queries models directly. In views (``*/views.py``, ``*/views/*.py``),
    ``reclaim/api/``, ``reclaim/portal/`` and template tags, ``.objects``, ``._default_manager``,
    ``._base_manager``, ``.raw(...)`` and ``connection.cursor`` are forbidden: go through the
    domain's selectors, actions and access functions instead.
(b) Dependencies run one way: core -> accounts -> people -> domains -> interfaces. An app may
    import its own modules and apps in lower layers; domains may import each other, and so may
    interfaces; ``core`` imports nothing from ``reclaim.*``; domains never import interfaces.
    ``tests/`` directories and ``conftest.py`` are exempt from (b).

Usage: ``python .ci/check_architecture.py [ROOT]`` (ROOT defaults to the repository root).
Prints ``path:line: message`` per violation and exits 1, or prints one OK line and exits 0.
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

TOP_PACKAGE = "reclaim"

LAYER_NAMES = {0: "core", 1: "accounts", 2: "people", 3: "domain", 4: "interface"}
DOMAIN_LAYER = 3
INTERFACE_LAYER = 4

LAYERS: dict[str, int] = {
    "core": 0,
    "accounts": 1,
    "people": 2,
    **dict.fromkeys(
        (
            "cases",
            "assessments",
            "plans",
            "services",
            "scheduling",
            "consent",
            "referrals",
            "legal",
            "documents",
            "funding",
            "outreach",
            "connect",
            "reporting",
        ),
        DOMAIN_LAYER,
    ),
    **dict.fromkeys(("api", "portal", "interop", "demo", "retention"), INTERFACE_LAYER),
}

# Rule (a): attributes that reach the ORM directly, and the call that runs raw SQL.
FORBIDDEN_ATTRIBUTES = frozenset({"objects", "_default_manager", "_base_manager"})
INTERFACE_APPS = frozenset({"api", "portal"})
INTERFACE_EXEMPT_DIRS = frozenset({"migrations", "tests"})

# A module path reclaim/<app>/<module>.py has at least three parts.
MIN_APP_PARTS = 3


@dataclass(frozen=True, order=True)
class Violation:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def is_test_file(rel: PurePosixPath) -> bool:
    return "tests" in rel.parts[:-1] or rel.name == "conftest.py"


def is_interface_file(rel: PurePosixPath) -> bool:
    """Whether rule (a) applies: views, API, portal and template tags, outside tests and migrations."""
    if rel.parts[0] != TOP_PACKAGE or INTERFACE_EXEMPT_DIRS.intersection(rel.parts[:-1]) or rel.name == "conftest.py":
        return False
    if len(rel.parts) >= MIN_APP_PARTS and rel.parts[1] in INTERFACE_APPS:
        return True
    return rel.name == "views.py" or rel.parent.name in {"views", "templatetags"}


def package_parts(rel: PurePosixPath) -> list[str]:
    """The package a relative import in this file is resolved against."""
    parts = list(rel.with_suffix("").parts)
    parts.pop()  # a module's package is its directory, and so is an __init__.py's
    return parts


def app_of(rel: PurePosixPath) -> str | None:
    if len(rel.parts) >= MIN_APP_PARTS and rel.parts[0] == TOP_PACKAGE:
        return rel.parts[1]
    return None


class DirectQueryVisitor(ast.NodeVisitor):
    """Rule (a): flag ORM managers, .raw() and connection.cursor in interface code."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.violations: list[Violation] = []

    def _add(self, node: ast.expr, message: str) -> None:
        self.violations.append(Violation(self.path, node.lineno, message))

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.attr in FORBIDDEN_ATTRIBUTES:
            self._add(
                node,
                f"interface code must not use `.{node.attr}`: call the domain's selectors/actions/access functions",
            )
        elif node.attr == "cursor" and _is_connection(node.value):
            self._add(node, "interface code must not run raw SQL through `connection.cursor`: use a selector")
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        if isinstance(node.func, ast.Attribute) and node.func.attr == "raw":
            self._add(node, "interface code must not run raw SQL through `.raw()`: use a selector")
        self.generic_visit(node)


def _is_connection(node: ast.expr) -> bool:
    """`connection`, `db.connection`, `connections["default"]` and the like."""
    if isinstance(node, ast.Subscript):
        node = node.value
    if isinstance(node, ast.Name):
        return node.id in {"connection", "connections"}
    if isinstance(node, ast.Attribute):
        return node.attr in {"connection", "connections"}
    return False


class ImportVisitor(ast.NodeVisitor):
    """Collect (line, imported reclaim app) pairs, resolving relative imports."""

    def __init__(self, rel: PurePosixPath) -> None:
        self.rel = rel
        self.imports: list[tuple[int, str]] = []
        self.errors: list[tuple[int, str]] = []

    def _add_dotted(self, line: int, dotted: list[str], names: list[str]) -> None:
        if not dotted or dotted[0] != TOP_PACKAGE:
            return
        if len(dotted) > 1:
            self.imports.append((line, dotted[1]))
        else:  # from reclaim import cases, people
            self.imports.extend((line, name) for name in names if name != "*")

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._add_dotted(node.lineno, alias.name.split("."), [])

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        names = [alias.name for alias in node.names]
        module = node.module.split(".") if node.module else []
        if node.level == 0:
            self._add_dotted(node.lineno, module, names)
            return
        base = package_parts(self.rel)
        if node.level - 1 > len(base) - 1:
            self.errors.append((node.lineno, "relative import goes above the `reclaim` package"))
            return
        base = base[: len(base) - (node.level - 1)]
        self._add_dotted(node.lineno, base + module, names)

    def visit_Call(self, node: ast.Call) -> None:
        """Dynamic imports with a literal name: `importlib.import_module` and `__import__`."""
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        if (
            name in {"import_module", "__import__"}
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
            and not node.args[0].value.startswith(".")
        ):
            self._add_dotted(node.lineno, node.args[0].value.split("."), [])
        self.generic_visit(node)


def layer_message(importer: str, imported: str) -> str | None:
    """Why `importer` may not import `imported`, or None when the import is allowed."""
    mine, theirs = LAYERS[importer], LAYERS[imported]
    if imported == importer or theirs < mine:
        return None
    if mine == theirs and mine in {DOMAIN_LAYER, INTERFACE_LAYER}:
        return None
    if importer == "core":
        return f"`core` imports nothing from reclaim.* (found reclaim.{imported}); move the shared code into core"
    if theirs == INTERFACE_LAYER:
        return f"domain app `{importer}` must not import interface `{imported}`: interfaces import domains, never the reverse"
    return (
        f"`{importer}` (layer {mine}, {LAYER_NAMES[mine]}) must not import `{imported}` "
        f"(layer {theirs}, {LAYER_NAMES[theirs]}): dependencies run core -> accounts -> people -> domains -> interfaces"
    )


def unknown_app_message(app: str) -> str:
    return f"unknown app `{app}` under reclaim/: add it to the layer table in .ci/check_architecture.py"


def check_file(root: Path, path: Path, reported_apps: set[str]) -> list[Violation]:
    rel = PurePosixPath(path.relative_to(root).as_posix())
    shown = str(rel)
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=shown)
    except (SyntaxError, UnicodeDecodeError) as exc:
        line = exc.lineno if isinstance(exc, SyntaxError) and exc.lineno else 1
        return [Violation(shown, line, f"cannot parse: {exc}")]

    violations: list[Violation] = []
    if is_interface_file(rel):
        direct = DirectQueryVisitor(shown)
        direct.visit(tree)
        violations.extend(direct.violations)

    app = app_of(rel)
    if app is None or is_test_file(rel):
        return violations
    if app not in LAYERS:
        if app not in reported_apps:
            reported_apps.add(app)
            violations.append(Violation(shown, 1, unknown_app_message(app)))
        return violations

    imports = ImportVisitor(rel)
    imports.visit(tree)
    violations.extend(Violation(shown, line, message) for line, message in imports.errors)
    for line, imported in imports.imports:
        if imported not in LAYERS:
            violations.append(Violation(shown, line, unknown_app_message(imported)))
            continue
        message = layer_message(app, imported)
        if message:
            violations.append(Violation(shown, line, message))
    return violations


def python_files(package_dir: Path) -> list[Path]:
    found: list[Path] = []
    for path in sorted(package_dir.rglob("*.py")):
        rel_dirs = path.relative_to(package_dir).parts[:-1]
        if any(part in {"__pycache__", "node_modules"} or part.startswith(".") for part in rel_dirs):
            continue
        found.append(path)
    return found


def main(argv: list[str]) -> int:
    root = Path(argv[1]).resolve() if len(argv) > 1 else Path(__file__).resolve().parent.parent
    package_dir = root / TOP_PACKAGE
    if not package_dir.is_dir():
        print(f"{package_dir}: no `{TOP_PACKAGE}` package to check")
        return 1

    files = python_files(package_dir)
    reported_apps: set[str] = set()
    violations: list[Violation] = []
    for path in files:
        violations.extend(check_file(root, path, reported_apps))

    for violation in sorted(violations):
        print(violation)
    if violations:
        print(f"architecture check: {len(violations)} violation(s) in {len(files)} files")
        return 1
    print(f"architecture check: OK ({len(files)} files under {TOP_PACKAGE}/)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
