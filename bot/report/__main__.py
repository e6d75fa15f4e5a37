"""Entry point of ``python -m bot.report`` (see bot/report/cli.py)."""

from bot.report.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
