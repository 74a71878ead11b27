"""The import structure of the first-party code, read from the source (no module is imported).

Two rules keep the dependencies running one way:
- no circular imports between first-party modules at module level;
- no first-party import inside a function or method, where it would hide such a loop, except in
  ``apps.py`` (``AppConfig.ready()`` runs once the app registry is ready) or where a comment on
  the import's line, or on the line above, says why it must stay there.

A package importing its own submodules (``pages/models/__init__.py`` re-exporting its models)
is not a loop: Python initialises a package before its submodules, so a submodule's import of a
sibling through the package's dotted name does not run the package again. A submodule that
imports the package itself back (``from pages.models import X`` inside ``pages.models.blog``)
does close a loop and is reported.
"""

import ast
import io
import tokenize
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Source roots and the first-party packages in them; tests are not walked.
PACKAGES = {
    ROOT / "site": ("config",),
    ROOT: ("backups", "bench", "home", "pages", "participation", "plugins"),
}
# Migrations are frozen history (never edited) that no module imports.
SKIPPED_DIRECTORIES = {"migrations", "__pycache__"}
EXEMPT_FILES = {"apps.py"}
DIRECTIVES = ("noqa", "type:", "pragma", "fmt:")


@dataclass(frozen=True)
class Import:
    """One import statement and the first-party modules it runs, most specific first."""

    targets: tuple
    line: int
    end_line: int
    in_function: bool


def discover(packages):
    """``{module name: path}`` for every first-party module under ``packages``."""
    modules = {}
    for root, names in packages.items():
        for name in names:
            for path in sorted((root / name).rglob("*.py")):
                relative = path.relative_to(root)
                if SKIPPED_DIRECTORIES.intersection(relative.parts):
                    continue
                parts = list(relative.with_suffix("").parts)
                if parts[-1] == "__init__":
                    parts.pop()
                modules[".".join(parts)] = path
    return modules


def is_type_checking_block(node):
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def import_nodes(tree):
    """Every import statement with whether it runs inside a function; the imports under
    ``if TYPE_CHECKING:`` never run and are left out."""

    def walk(node, in_function):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and is_type_checking_block(child):
                for orelse in child.orelse:
                    yield from walk_one(orelse, in_function)
                continue
            yield from walk_one(child, in_function)

    def walk_one(node, in_function):
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node, in_function
        inner = in_function or isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        yield from walk(node, inner)

    yield from walk(tree, False)


def absolute_base(node, module, is_package):
    """The dotted name a ``from`` import reads from, relative imports resolved."""
    if not node.level:
        return node.module
    package = module.split(".") if is_package else module.split(".")[:-1]
    package = package[: len(package) - node.level + 1]
    return ".".join([*package, node.module] if node.module else package)


def targets(node, module, is_package, modules):
    """The first-party modules an import statement runs: the named module or submodule and
    the packages above it, except the importer's own packages (already initialised)."""
    if isinstance(node, ast.Import):
        named = [alias.name for alias in node.names]
    else:
        base = absolute_base(node, module, is_package)
        submodules = [f"{base}.{alias.name}" for alias in node.names]
        named = [name for name in submodules if name in modules]
        if len(named) < len(submodules):  # a name defined in the package itself
            named.append(base)
    own_packages = {".".join(module.split(".")[:i]) for i in range(1, module.count(".") + 1)}
    if is_package:
        own_packages.add(module)
    found = set()
    for name in named:
        parts = name.split(".")
        for i in range(1, len(parts) + 1):
            candidate = ".".join(parts[:i])
            explicit = i == len(parts)
            if candidate in modules and (explicit or candidate not in own_packages):
                found.add(candidate)
    found.discard(module)
    return found


def read_imports(modules):
    """``{module: [Import]}`` of first-party imports, module-level and inner."""
    imports = {}
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        is_package = path.name == "__init__.py"
        imports[module] = []
        for node, in_function in import_nodes(tree):
            found = sorted(targets(node, module, is_package, modules), key=lambda t: (-len(t), t))
            if found:
                imports[module].append(
                    Import(tuple(found), node.lineno, node.end_lineno, in_function)
                )
    return imports


def module_graph(imports):
    return {
        module: {
            target for found in found_imports if not found.in_function for target in found.targets
        }
        for module, found_imports in imports.items()
    }


def strongly_connected(graph):
    """Tarjan's components of ``graph`` (iteratively: the graph is a few hundred modules)."""
    index, low, on_stack, stack, components = {}, {}, set(), [], []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    components.append(component)
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(graph[child]))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return components


def cycle_through(start, component, graph):
    """A shortest import path from ``start`` back to itself inside ``component``."""
    paths = {start: [start]}
    queue = [start]
    for node in queue:
        for child in sorted(graph[node] & component):
            if child == start:
                return [*paths[node], start]
            if child not in paths:
                paths[child] = [*paths[node], child]
                queue.append(child)
    raise AssertionError(f"{start} is in a component without a cycle")


def find_cycles(graph):
    components = [c for c in strongly_connected(graph) if len(c) > 1]
    return sorted(cycle_through(min(c), c, graph) for c in components)


def comment_lines(path):
    """The line numbers carrying a comment that is not a tool directive, and those of them
    that hold nothing but the comment."""
    lines, comment_only = set(), set()
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
    for token in tokens:
        if token.type == tokenize.COMMENT:
            text = token.string.lstrip("#").strip()
            if text and not text.lower().startswith(DIRECTIVES):
                lines.add(token.start[0])
                if token.line.lstrip().startswith("#"):
                    comment_only.add(token.start[0])
    return lines, comment_only


def shown(path):
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


def unexplained_inner_imports(modules, imports):
    """``path:line imports target`` for each inner first-party import without a reason."""
    found = []
    for module, module_imports in imports.items():
        path = modules[module]
        inner = [i for i in module_imports if i.in_function]
        if not inner or path.name in EXEMPT_FILES:
            continue
        commented, comment_only = comment_lines(path)
        for item in inner:
            on_the_import = commented.intersection(range(item.line, item.end_line + 1))
            if not on_the_import and item.line - 1 not in comment_only:
                found.append(f"{shown(path)}:{item.line} imports {item.targets[0]}")
    return sorted(found)


def check(packages):
    modules = discover(packages)
    imports = read_imports(modules)
    return find_cycles(module_graph(imports)), unexplained_inner_imports(modules, imports)


def test_first_party_modules_and_their_imports_are_found():
    modules = discover(PACKAGES)
    for name in ("config.settings.base", "pages.models", "participation.core.models", "plugins"):
        assert name in modules
    graph = module_graph(read_imports(modules))
    assert {"pages.models.blog", "pages.models.disclosures"} <= graph["pages.models"]
    assert "participation.core.params" in graph["pages.pagination"]


def test_no_circular_imports_between_first_party_modules():
    cycles, _ = check(PACKAGES)
    assert not cycles, "import loops:\n" + "\n".join(" -> ".join(cycle) for cycle in cycles)


def test_no_first_party_import_inside_a_function_without_a_reason():
    _, inner = check(PACKAGES)
    assert not inner, (
        "first-party imports inside functions (move them to the top, or say why on the line):\n"
        + "\n".join(inner)
    )


# The checker's own tests, on small synthetic packages.


def write(root, files):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return {root: tuple(sorted({name.split("/")[0] for name in files}))}


def test_checker_reports_the_path_of_a_cycle(tmp_path):
    packages = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/a.py": "from app.b import thing\n",
            "app/b.py": "from app import c\n",
            "app/c.py": "import app.a\n",
            "app/d.py": "from app.a import thing\n",
        },
    )
    cycles, _ = check(packages)
    assert cycles == [["app.a", "app.b", "app.c", "app.a"]]


def test_checker_follows_relative_imports_and_ignores_type_checking(tmp_path):
    packages = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/a.py": "from . import b\n",
            "app/b.py": (
                "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .a import x\n"
            ),
            "app/c.py": "from .d import y\n",
            "app/d.py": "from .c import z\n",
        },
    )
    cycles, _ = check(packages)
    assert cycles == [["app.c", "app.d", "app.c"]]


def test_a_package_re_exporting_its_submodules_is_no_cycle_until_one_imports_it_back(tmp_path):
    files = {
        "app/__init__.py": "",
        "app/models/__init__.py": "from app.models.a import A\nfrom app.models.b import B\n",
        "app/models/a.py": "A = 1\n",
        "app/models/b.py": "from app.models.a import A\nfrom app.models import a\n",
        "app/services.py": "from app.models import A\n",
    }
    assert check(write(tmp_path, files)) == ([], [])
    files["app/models/b.py"] = "from app.models import A\n"
    cycles, _ = check(write(tmp_path, files))
    assert cycles == [["app.models", "app.models.b", "app.models"]]


def test_checker_reports_inner_imports_without_a_reason(tmp_path):
    packages = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/a.py": "X = 1\n",
            "app/b.py": (
                "import json\n"
                "def late():\n"
                "    import os  # the standard library is not first-party\n"
                "    from app.a import X\n"
                "    from app import a  # noqa: PLC0415\n"
                "    return X\n"
                "class Page:\n"
                "    def method(self):\n"
                "        # the registry is not ready at import time\n"
                "        from app.a import X\n"
                "        from app.a import (  # a loop with app.a\n"
                "            X,\n"
                "        )\n"
                "        return X\n"
            ),
            "app/apps.py": "def ready():\n    from app import b\n",
        },
    )
    cycles, inner = check(packages)
    assert cycles == []
    assert inner == [
        f"{tmp_path / 'app/b.py'}:4 imports app.a",
        f"{tmp_path / 'app/b.py'}:5 imports app.a",
    ]
