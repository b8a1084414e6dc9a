"""``python -m sandbox serve``: see :mod:`sandbox.cli`."""

import sys

from sandbox.cli import main

sys.exit(main())
