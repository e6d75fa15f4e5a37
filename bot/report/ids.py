"""Pseudonymous trainee ids: a keyed hash of the channel user id.

The raw channel id never leaves this function; reports and tables hold only the hash.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from typing import Union

from bot.report.config import ENV_ID_KEY, ConfigError

TRAINEE_ID_PATTERN = re.compile(r"^[0-9a-f]{64}$")
_SEPARATOR = "\x1f"  # unit separator: ("a", "b:c") and ("a:b", "c") hash differently


def id_key_from_env() -> bytes:
    key = os.environ.get(ENV_ID_KEY, "")
    if not key.strip():
        raise ConfigError(
            f"{ENV_ID_KEY} is not set. Set it to a long random secret, e.g. the "
            "output of `python -c 'import secrets; print(secrets.token_hex(32))'`, "
            "and keep it the same for the life of the deployment (changing it "
            "splits every trainee's history)."
        )
    return key.encode("utf-8")


def pseudonymise(
    channel: str, sender_id: str, key: Union[str, bytes] | None = None
) -> str:
    """HMAC-SHA256 of ``channel`` and ``sender_id`` as 64 lowercase hex characters.

    ``key`` defaults to ``PEER_PRACTICE_ID_KEY``; a missing key is a ``ConfigError``.
    """
    if key is None:
        key_bytes = id_key_from_env()
    elif isinstance(key, str):
        key_bytes = key.encode("utf-8")
    else:
        key_bytes = key
    if not key_bytes:
        raise ConfigError("the pseudonymisation key must not be empty")
    message = f"{channel}{_SEPARATOR}{sender_id}".encode()
    return hmac.new(key_bytes, message, hashlib.sha256).hexdigest()


def is_trainee_id(value: object) -> bool:
    return isinstance(value, str) and bool(TRAINEE_ID_PATTERN.match(value))
