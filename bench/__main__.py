"""``python -m bench`` (from the repository root, in .venv-actions)."""

import sys

from bench.run import main

if __name__ == "__main__":
    sys.exit(main())
