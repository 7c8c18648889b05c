"""``python -m symflow``: the ``symflow`` command."""
import sys

from .cli import main

sys.exit(main())
