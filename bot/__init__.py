"""Peer Practice core: scoring, persona, reports, CLI and channel connectors.

``bot.scoring``, ``bot.persona``, ``bot.report`` and ``bot.coach`` never import rasa or
rasa_sdk, so they run (and are tested) in the action server's environment alone.
"""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
