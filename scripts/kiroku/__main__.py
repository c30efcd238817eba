"""``python -m kiroku``."""

import sys

from .cli import main

sys.exit(main())
