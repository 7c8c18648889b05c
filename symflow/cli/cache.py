r"""What a catalogue entry derives, kept on disk between runs of the command line and keyed on its inputs.

``symflow simulate NAME`` needs an entry's derived ODE (and, for ``--compare-method``, the continuous
limit it came from), which takes the engine about a second to derive: :func:`cached_result` derives it
once, keeps the result and its origin (pickled) in ``$XDG_CACHE_HOME/symflow/derived/`` (default
``~/.cache``, beside the manifests of ``symflow regenerate``) and reads them back on later runs.

What is kept is the engine's own output, never a formula typed in. Each file starts with the inputs key
(:func:`~symflow.documents.regenerate.inputs_key`: every source file of symflow and the versions of
Python and its dependencies) and the entry's name and options; anything else (no file, another key after
any edit to the engine or a new SymPy, other options, an unreadable file) is a miss, which derives as
without a cache and keeps the new result. It is only a cache: a folder that cannot be written leaves every
command as it was, only slower; ``--no-cache`` neither reads nor writes it. The steps of the derivation are
not kept (a run needs the derived objects, not how they were derived; ``symflow derive NAME`` shows them).

Examples
--------
>>> import os, tempfile
>>> from unittest import mock
>>> with mock.patch.dict(os.environ, XDG_CACHE_HOME=tempfile.mkdtemp()):
...     ode, limit = cached_result("nesterov")                 # a miss: derived, then kept
...     kept = cache_path("nesterov").is_file()
...     again, _ = cached_result("nesterov")                   # a hit: read back
>>> kept, again == ode, again is ode, str(limit.exponent)
(True, True, False, '1/2')
"""
from __future__ import annotations

import dataclasses
import hashlib
import io
import os
import pickle
from pathlib import Path

from sympy.core.function import AppliedUndef, UndefinedFunction

from ..catalogue import get
from ..core import symbols
from ..core.errors import SymflowError
from ..documents.files import write_atomic
from ..documents.regenerate import inputs_key

__all__ = ["MAGIC", "cache_path", "cached_result", "read_cached", "keep", "undefined_function"]

#: the first bytes of every cache file, before its inputs key, entry name and options
MAGIC = b"symflow derived result 1\n"


def cache_path(name: str, options: dict | None = None) -> Path:
    r"""The file that keeps entry ``name``'s result with ``options`` (e.g. ``{"order": 1}``).

    Examples
    --------
    >>> path = cache_path("nesterov", {"order": 1})
    >>> path.parent.name, path.name.startswith("nesterov-"), path == cache_path("nesterov")
    ('derived', True, False)
    """
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    tag = hashlib.sha256(repr(sorted((options or {}).items())).encode()).hexdigest()[:12]
    return root / "symflow" / "derived" / f"{name}-{tag}.pickle"


class _Pickler(pickle.Pickler):
    """SymPy pickles an undefined function by its name and assumptions but not its bases, so a trajectory ``X``
    (an :class:`~symflow.core.AppliedVector`) would come back as a scalar function: keep the bases too."""

    def reducer_override(self, obj):
        if isinstance(obj, UndefinedFunction) and obj.__bases__ != (AppliedUndef,):
            return undefined_function, (obj.name, obj.__bases__, tuple(sorted(obj._kwargs.items())))
        return NotImplemented


def undefined_function(name: str, bases: tuple, kwargs: tuple = ()) -> UndefinedFunction:
    """The function read back from the cache: symflow's own object when it has one of that name, bases and
    assumptions (``X``, ``x``, ``y``, ...), else a new one.

    Only the same object will do: SymPy's cache hands out an expression built earlier with an equal argument,
    so a second, equal ``y`` read back would replace symflow's ``y`` in expressions built later and break
    every ``expr.func is y``.

    Examples
    --------
    >>> from symflow.core import X, y
    >>> undefined_function("y", y.__bases__) is y, undefined_function("X", X.__bases__) is X
    (True, True)
    """
    own = getattr(symbols, name, None)
    if (isinstance(own, UndefinedFunction) and own.__bases__ == tuple(bases)
            and tuple(sorted(own._kwargs.items())) == tuple(kwargs)):
        return own
    return UndefinedFunction(name, bases=tuple(bases), **dict(kwargs))


def _header(name: str, options: dict, key: str) -> bytes:
    return MAGIC + f"{key} {name} {sorted(options.items())!r}\n".encode()


def _without_steps(value):
    """``value`` without its ``steps`` (a frozen dataclass such as a ``ContinuousLimit``), or as it is."""
    if dataclasses.is_dataclass(value) and any(f.name == "steps" for f in dataclasses.fields(value)):
        return dataclasses.replace(value, steps=())
    return value


def read_cached(name: str, options: dict | None = None, *, key: str | None = None) -> tuple | None:
    r"""The kept ``(result, origin)`` of ``name`` with ``options`` when derived from today's inputs, else None.

    The header (inputs key, name, options) is compared before anything is unpickled.

    Examples
    --------
    >>> import os, tempfile
    >>> from unittest import mock
    >>> with mock.patch.dict(os.environ, XDG_CACHE_HOME=tempfile.mkdtemp()):
    ...     read_cached("nesterov") is None
    True
    """
    options = dict(options or {})
    expected = _header(name, options, inputs_key() if key is None else key)
    try:
        content = cache_path(name, options).read_bytes()
        if not content.startswith(expected):
            return None
        found = pickle.loads(content[len(expected):])
    except Exception:   # noqa: BLE001 - unreadable, truncated or written by another version: derive instead
        return None
    return found if isinstance(found, tuple) and len(found) == 2 else None


def keep(name: str, options: dict | None, result, origin=None, *, key: str | None = None) -> bool:
    r"""Keep entry ``name``'s ``(result, origin)`` with ``options`` for later runs; False when they cannot be kept.

    Examples
    --------
    >>> import os, tempfile
    >>> from unittest import mock
    >>> from symflow.catalogue import get
    >>> derived = get("gradient-descent").run()
    >>> with mock.patch.dict(os.environ, XDG_CACHE_HOME=tempfile.mkdtemp()):
    ...     keep("gradient-descent", {}, derived.result), read_cached("gradient-descent")[0] == derived.result
    (True, True)
    """
    options = dict(options or {})
    try:
        buffer = io.BytesIO()
        buffer.write(_header(name, options, inputs_key() if key is None else key))
        _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump((result, origin))
        target = cache_path(name, options)
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, buffer.getvalue())
    except (OSError, SymflowError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
        return False
    return True


def cached_result(name: str, options: dict | None = None, *, use_cache: bool = True) -> tuple:
    r"""``(result, origin)`` of ``get(name).run(**options)``, read back from the cache when derived from today's inputs.

    Parameters
    ----------
    name : str
        A catalogue entry (an unknown name is refused by :func:`~symflow.catalogue.get`, with suggestions).
    options : dict, optional
        The entry's options, e.g. ``{"order": 1}``; None values are left out.
    use_cache : bool
        False (``--no-cache``): derive, and neither read nor write the cache.

    Returns
    -------
    tuple
        The derivation's ``result`` (e.g. an :class:`~symflow.core.ODE`) and its ``origin`` (e.g. the
        :class:`~symflow.limit.ContinuousLimit`, without its steps), the same on a hit and on a miss.

    Examples
    --------
    >>> import os, tempfile
    >>> from unittest import mock
    >>> with mock.patch.dict(os.environ, XDG_CACHE_HOME=tempfile.mkdtemp()):
    ...     ode, _ = cached_result("gradient-descent", use_cache=False)
    ...     print(ode.equation, cache_path("gradient-descent").exists())
    Eq(Derivative(X(t), t), -NablaF(X(t))) False
    """
    options = {option: value for option, value in (options or {}).items() if value is not None}
    entry = get(name)
    if not use_cache:
        derivation = entry.run(**options)
        return derivation.result, _without_steps(derivation.origin)
    key = inputs_key()
    found = read_cached(name, options, key=key)
    if found is not None:
        return found
    derivation = entry.run(**options)
    result, origin = derivation.result, _without_steps(derivation.origin)
    keep(name, options, result, origin, key=key)
    return result, origin
