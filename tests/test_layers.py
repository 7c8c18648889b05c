"""The house by stage: imports go only downward (DESIGN.md), read from every module's ``ast``.

The layers, bottom to top::

    core → methods, recurrence → limit, lagrangian, lyapunov, closed_form, numeric, discretize
         → parse → catalogue → documents → cli

with three sideways edges between stages: numeric → closed_form (the series start),
lyapunov → numeric (counterexamples checked on trajectories), discretize → limit (round trips).
``symflow/__init__.py`` and ``symflow/__main__.py`` are the public face above everything.

Besides the direction of every import, the checks refuse: an import of a project module inside a
function, a ``_private`` name imported from another module, an import cycle, a catalogue module that
reaches past a stage's package face (``symflow.limit``, not ``symflow.limit.taylor``), and in the engine
(core, methods, recurrence and the stages) any print, file access, text parsing or change of
process-wide state.
"""
from __future__ import annotations

import ast
import pathlib
import textwrap

import pytest

PACKAGE = pathlib.Path(__file__).resolve().parent.parent / "symflow"

#: rank of each top-level part of the package; a module may import from a lower rank
RANK = {
    "core": 0,
    "methods": 1, "recurrence": 1,
    "limit": 2, "lagrangian": 2, "lyapunov": 2, "closed_form": 2, "numeric": 2, "discretize": 2,
    "parse": 3,
    "catalogue": 4,
    "documents": 5,
    "cli": 6,
    "": 7,  # symflow/__init__.py and symflow/__main__.py
}
SIDEWAYS = {("numeric", "closed_form"), ("lyapunov", "numeric"), ("discretize", "limit")}
ENGINE = {part for part, rank in RANK.items() if rank <= 2}
#: calls the engine never makes: output, files, process-wide state
FORBIDDEN_CALLS = {"print", "open", "input", "exec", "eval", "compile", "__import__"}
FORBIDDEN_ATTRIBUTES = {"use": "matplotlib.use", "write_text": "writing files", "write_bytes": "writing files",
                        "read_text": "reading files", "read_bytes": "reading files", "unlink": "removing files",
                        "mkdir": "making folders"}
#: modules the engine does not import: text parsing, files, processes, the interactive state of pyplot
FORBIDDEN_MODULES = {"ast", "tomllib", "tomli", "os", "shutil", "tempfile", "subprocess", "matplotlib.pyplot",
                     "argparse"}
#: the only places that load modules by name: the lazy package faces and the command line's dispatch
DYNAMIC_IMPORTS = {"symflow.core.lazy", "symflow.catalogue", "symflow.cli.main"}


def module_name(path: pathlib.Path, root: pathlib.Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def part_of(module: str) -> str:
    """The top-level part of ``symflow.x.y`` ("x"), "" for the package itself."""
    pieces = module.split(".")
    return pieces[1] if len(pieces) > 1 and pieces[1] != "__main__" else ""


def read_package(root: pathlib.Path) -> dict:
    """``{module name: (source, is_package)}`` of every module under ``root``."""
    return {module_name(p, root): (p.read_text(encoding="utf-8"), p.name == "__init__.py")
            for p in sorted(root.rglob("*.py"))}


def _absolute(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.split(".")
    if not is_package:
        base = base[:-1]
    base = base[:len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports_of(module: str, source: str, is_package: bool, modules) -> list:
    """``[(target module, names, line, inside a function)]`` for every project import."""
    tree = ast.parse(source)
    found = []

    def visit(node, in_function):
        for child in ast.iter_child_nodes(node):
            inner = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.ImportFrom):
                target = _absolute(module, is_package, child)
                if target == "symflow" or target.startswith("symflow."):
                    for alias in child.names:
                        sub = f"{target}.{alias.name}"
                        if sub in modules:  # `from package import submodule`
                            found.append((sub, (), child.lineno, in_function))
                        else:
                            found.append((target, (alias.name,), child.lineno, in_function))
            elif isinstance(child, ast.Import):
                for alias in child.names:
                    if alias.name == "symflow" or alias.name.startswith("symflow."):
                        found.append((alias.name, (), child.lineno, in_function))
            visit(child, inner)

    visit(tree, False)
    return found


def violations(package: dict) -> list:
    """Every breach of the house rules in ``package`` (as returned by :func:`read_package`)."""
    problems = []
    modules = set(package)
    graph = {m: set() for m in modules}
    for module, (source, is_package) in package.items():
        here = part_of(module)
        for target, names, line, in_function in imports_of(module, source, is_package, modules):
            where = f"{module}:{line}"
            if in_function:
                problems.append(f"{where}: imports {target} inside a function")
            for name in names:
                if name.startswith("_"):
                    problems.append(f"{where}: imports the private name {name} from {target}")
            there = part_of(target)
            if target in modules:
                graph[module].add(target)
            if here == there or target == "symflow":
                if target == "symflow" and module != "symflow":
                    problems.append(f"{where}: imports the package face symflow from inside")
                continue
            if here == "catalogue" and there != "catalogue" and target != f"symflow.{there}":
                problems.append(f"{where}: the catalogue imports {target}, not the package face symflow.{there}")
            if there not in RANK or here not in RANK:
                problems.append(f"{where}: {target} is in no layer of DESIGN.md")
            elif RANK[there] > RANK[here] or (RANK[there] == RANK[here] and (here, there) not in SIDEWAYS):
                problems.append(f"{where}: {here or 'symflow'} may not import {there} ({target})")
        problems += _engine_rules(module, source) if here in ENGINE else []
        if "import_module" in source and module not in DYNAMIC_IMPORTS:
            problems.append(f"{module}: loads modules by name (only {', '.join(sorted(DYNAMIC_IMPORTS))} may)")
    problems += [f"import cycle: {' -> '.join(c)}" for c in _cycles(graph)]
    return problems


def _engine_rules(module: str, source: str) -> list:
    problems = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in FORBIDDEN_CALLS:
                problems.append(f"{module}:{node.lineno}: the engine calls {func.id}()")
            if isinstance(func, ast.Attribute) and func.attr in FORBIDDEN_ATTRIBUTES:
                owner = func.value
                if not (func.attr == "use" and not (isinstance(owner, ast.Name) and owner.id in ("matplotlib", "mpl"))):
                    problems.append(f"{module}:{node.lineno}: the engine calls .{func.attr}() "
                                    f"({FORBIDDEN_ATTRIBUTES[func.attr]})")
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            if isinstance(node, ast.ImportFrom) and node.module == "matplotlib":
                names += [f"matplotlib.{a.name}" for a in node.names]
            for name in names:
                if name in FORBIDDEN_MODULES:
                    problems.append(f"{module}:{node.lineno}: the engine imports {name}")
        elif isinstance(node, (ast.Assign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Attribute) and target.attr in ("dps", "prec"):
                    problems.append(f"{module}:{node.lineno}: the engine sets mpmath's global precision "
                                    "(use mpmath.workdps)")
    return problems


def _cycles(graph: dict) -> list:
    """The strongly connected components with more than one module (Tarjan), or a self-import."""
    index, low, stack, on_stack, out = {}, {}, [], set(), []
    counter = [0]

    def strong(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1 or v in graph.get(v, ()):
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            strong(v)
    return out


# ------------------------------------------------------------------------------------------------
def test_the_package_keeps_the_house_rules():
    problems = violations(read_package(PACKAGE))
    assert not problems, "\n".join(problems)


def test_no_face_hides_a_submodule():
    """A package face never re-exports a name that is also one of its submodules (``symflow.x.y``
    would then be a function in one place and a module in another)."""
    package = read_package(PACKAGE)
    for module, (source, is_package) in package.items():
        if is_package:
            hidden = {alias.name for node in ast.parse(source).body
                      if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module
                      for alias in node.names
                      if alias.name != node.module and f"{module}.{alias.name}" in package}
            assert not hidden, f"{module} re-exports {sorted(hidden)}, which are also its submodules"


def test_every_module_is_in_a_layer():
    parts = {part_of(m) for m in read_package(PACKAGE)}
    assert parts <= set(RANK), parts - set(RANK)


def _write(root: pathlib.Path, files: dict) -> dict:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return read_package(root / "symflow")


GOOD = {
    "symflow/__init__.py": "",
    "symflow/catalogue/__init__.py": "",
    "symflow/catalogue/nesterov.py": "from ..limit import continuous_limit\n",
    "symflow/core/__init__.py": "",
    "symflow/core/symbols.py": "x = 1\n",
    "symflow/limit/__init__.py": "",
    "symflow/limit/taylor.py": "from ..core.symbols import x\n",
    "symflow/numeric/__init__.py": "",
    "symflow/numeric/system.py": "from ..closed_form import series\n",
    "symflow/closed_form/__init__.py": "",
    "symflow/closed_form/series.py": "from ..core import symbols\n",
}


def test_a_clean_synthetic_package_passes(tmp_path):
    assert violations(_write(tmp_path, GOOD)) == []


@pytest.mark.parametrize("name, text, expected", [
    ("symflow/core/vectors.py", "from ..limit.taylor import x\n", "core may not import limit"),
    ("symflow/limit/balance.py", "from ..numeric import system\n", "limit may not import numeric"),
    ("symflow/closed_form/bessel.py", "from ..numeric.system import y\n", "closed_form may not import numeric"),
    ("symflow/core/model.py", "def f():\n    from .symbols import x\n    return x\n", "inside a function"),
    ("symflow/limit/lift.py", "from .taylor import _hidden\n", "private name _hidden"),
    ("symflow/core/printing.py", "print('hello')\n", "the engine calls print()"),
    ("symflow/numeric/plot.py", "import matplotlib\nmatplotlib.use('Agg')\n", ".use()"),
    ("symflow/numeric/precision.py", "import mpmath\nmpmath.mp.dps = 50\n", "global precision"),
    ("symflow/limit/reader.py", "import tomllib\n", "the engine imports tomllib"),
    ("symflow/core/symbols.py", "from . import vectors\nx = 1\n", "import cycle"),
    ("symflow/catalogue/nesterov.py", "from ..limit.taylor import x\n", "not the package face"),
])
def test_a_breach_is_found(tmp_path, name, text, expected):
    files = dict(GOOD)
    files["symflow/core/vectors.py"] = "from . import symbols\n"
    files[name] = text
    problems = violations(_write(tmp_path, files))
    assert any(expected in p for p in problems), problems
