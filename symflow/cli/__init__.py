r"""The ``symflow`` command line: one module per subcommand, each with ``run(args) -> int``.

:mod:`~symflow.cli.options` declares every option (argparse only);
:mod:`~symflow.cli.main` loads the subcommand that was asked for.
"""
from .main import main
from .options import build_parser

__all__ = ["main", "build_parser"]
