"""Servers, databases and sockets for the scale, fault and fuzz tests.

Built on the lead's ``tests.servers`` (``Server``, ``action_server``, ``rasa_server``):
these helpers add the guarded REST channel, the scaled-out profile (PostgreSQL tracker
store + Redis lock store, ``endpoints.scaled.yml``), a throwaway PostgreSQL database,
a Redis key prefix, and a reader for ``/proc/net/tcp``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import socket
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterator, List, Set

import pytest
import requests
import yaml

from tests.servers import (
    HOST,
    PRACTICE_REPLIES,
    ROOT,
    RunningServers,
    Server,
    action_server,
    free_port,
    rasa_server,
    sqlite_endpoints,
    write_yaml,
)

logger = logging.getLogger(__name__)

PRACTICE_REST = "bot.connectors.practice_rest.PracticeRestInput"
SCALED_ENDPOINTS = ROOT / "endpoints.scaled.yml"
PG_HOST, PG_PORT, PG_USER = "127.0.0.1", 5432, "postgres"
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def unavailable(what: str, error: Exception) -> None:
    """A missing service fails the test under CI=true and skips it elsewhere."""
    message = f"{what} is not reachable ({error}); it must run on {HOST} for this test"
    if in_ci():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def practice_credentials(rest: Dict[str, Any] | None = None) -> Dict[str, Any]:
    """credentials.yml with Rasa's ``rest`` replaced by the guarded REST channel."""
    channels = yaml.safe_load((ROOT / "credentials.yml").read_text()) or {}
    channels.pop("rest", None)
    channels[PRACTICE_REST] = rest or {}
    return channels


def report_env(db_url: str) -> Dict[str, str]:
    return {
        "PEER_PRACTICE_DB_URL": db_url,
        "PEER_PRACTICE_ID_KEY": os.environ.get(
            "PEER_PRACTICE_ID_KEY", "test-key-not-secret"
        ),
    }


def start_action(port: int, env: Dict[str, str]) -> Server:
    server = action_server(port)
    server.env = {**server.env, **env}
    return server.start()


@dataclass
class Pair:
    """One action server and one Rasa server with the guarded REST channel (SQLite)."""

    servers: RunningServers
    action: Server
    rasa: Server
    action_port: int
    rasa_port: int
    endpoints: Path
    reports_url: str

    def restart_action(self) -> None:
        self.action = start_action(self.action_port, report_env(self.reports_url))
        self.servers.processes[0] = self.action

    def restart_rasa(self) -> None:
        self.rasa = rasa_server(
            self.rasa_port,
            self.endpoints,
            self.servers.credentials,
            self.servers.token,
        ).start()
        self.servers.processes[1] = self.rasa


def start_pair(workdir: Path | None = None, rest: Dict[str, Any] | None = None) -> Pair:
    """Action + Rasa server on free loopback ports, guarded REST, SQLite everywhere."""
    workdir = workdir or Path(tempfile.mkdtemp(prefix="peer-practice-faults-"))
    action_port, rasa_port = free_port(), free_port()
    token = secrets.token_hex(16)
    reports_url = f"sqlite:///{workdir / 'reports.db'}"
    endpoints = sqlite_endpoints(workdir, action_port)
    credentials = write_yaml(practice_credentials(rest), workdir, "credentials.yml")
    action = start_action(action_port, report_env(reports_url))
    try:
        rasa = rasa_server(rasa_port, endpoints, credentials, token).start()
    except Exception:
        action.stop()
        raise
    servers = RunningServers(
        rasa_url=f"http://{HOST}:{rasa_port}",
        action_url=f"http://{HOST}:{action_port}",
        token=token,
        workdir=workdir,
        credentials=credentials,
        processes=[action, rasa],
    )
    return Pair(servers, action, rasa, action_port, rasa_port, endpoints, reports_url)


# --- PostgreSQL and Redis ------------------------------------------------------------


@contextlib.contextmanager
def fresh_postgres_database(prefix: str = "peer_practice_test") -> Iterator[str]:
    """CREATE a uniquely named database, yield its name, DROP it afterwards."""
    import psycopg2

    name = f"{prefix}_{secrets.token_hex(4)}"
    try:
        admin = psycopg2.connect(
            host=PG_HOST,
            port=PG_PORT,
            user=PG_USER,
            dbname="postgres",
            connect_timeout=5,
        )
    except psycopg2.OperationalError as error:
        unavailable(f"PostgreSQL on {PG_HOST}:{PG_PORT}", error)
        raise  # unreachable: unavailable() always raises
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        yield name
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def postgres_url(database: str) -> str:
    return f"postgresql://{PG_USER}@{PG_HOST}:{PG_PORT}/{database}"


class Redis:
    """Just enough RESP to check and clean a key prefix (no client in this env)."""

    def __init__(self, host: str = REDIS_HOST, port: int = REDIS_PORT) -> None:
        self.address = (host, port)

    def command(self, *parts: str) -> Any:
        payload = f"*{len(parts)}\r\n" + "".join(
            f"${len(part.encode())}\r\n{part}\r\n" for part in parts
        )
        with socket.create_connection(self.address, timeout=5) as connection:
            connection.sendall(payload.encode())
            reader = connection.makefile("rb")
            return self._read(reader)

    def _read(self, reader: Any) -> Any:
        line = reader.readline().rstrip(b"\r\n")
        kind, rest = line[:1], line[1:]
        if kind == b"+":
            return rest.decode()
        if kind == b"-":
            raise RuntimeError(rest.decode())
        if kind == b":":
            return int(rest)
        if kind == b"$":
            size = int(rest)
            return None if size < 0 else reader.read(size + 2)[:-2].decode()
        if kind == b"*":
            return [self._read(reader) for _ in range(int(rest))]
        raise RuntimeError(f"unexpected Redis reply {line!r}")

    def keys(self, prefix: str) -> List[str]:
        return list(self.command("KEYS", f"{prefix}*"))

    def delete_prefix(self, prefix: str) -> None:
        keys = self.keys(prefix)
        if keys:
            self.command("DEL", *keys)


def redis_or_skip() -> Redis:
    redis = Redis()
    try:
        if redis.command("PING") != "PONG":
            raise RuntimeError("no PONG")
    except (OSError, RuntimeError) as error:
        unavailable(f"Redis on {REDIS_HOST}:{REDIS_PORT}", error)
    return redis


def scaled_env(
    database: str, key_prefix: str, action_url: str, lock_lifetime: int = 30
) -> Dict[str, str]:
    """The environment endpoints.scaled.yml reads (see docs/scaling.md)."""
    return {
        "ACTION_URL": action_url,
        "TRACKER_DB_HOST": PG_HOST,
        "TRACKER_DB_PORT": str(PG_PORT),
        "TRACKER_DB_NAME": database,
        "TRACKER_DB_USER": PG_USER,
        "TRACKER_DB_PASSWORD": "",
        "REDIS_HOST": REDIS_HOST,
        "REDIS_PORT": str(REDIS_PORT),
        "REDIS_DB": "0",
        "REDIS_PASSWORD": "",
        "REDIS_KEY_PREFIX": key_prefix,
        # A replica killed while holding a conversation's lock frees it after this.
        "TICKET_LOCK_LIFETIME": str(lock_lifetime),
    }


# --- sockets -------------------------------------------------------------------------


def group_pids(pgid: int) -> Set[int]:
    """Every process in a process group (the servers start in their own session)."""
    pids: Set[int] = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[2]) == pgid:  # fields after "pid (comm)": state ppid pgrp ...
            pids.add(int(entry.name))
    return pids


def socket_inodes(pids: Set[int]) -> Set[str]:
    inodes: Set[str] = set()
    for pid in pids:
        fd_dir = Path(f"/proc/{pid}/fd")
        try:
            links = [os.readlink(fd) for fd in fd_dir.iterdir()]
        except OSError:
            continue
        inodes |= {link[8:-1] for link in links if link.startswith("socket:[")}
    return inodes


def _address(hex_address: str) -> str:
    host_hex, port_hex = hex_address.split(":")
    port = int(port_hex, 16)
    raw = bytes.fromhex(host_hex)
    if len(raw) == 4:
        host = socket.inet_ntop(socket.AF_INET, raw[::-1])
    else:  # /proc/net/tcp6 stores four little-endian 32-bit words
        words = b"".join(raw[i : i + 4][::-1] for i in range(0, 16, 4))
        host = socket.inet_ntop(socket.AF_INET6, words)
    return f"{host}:{port}"


def listening_addresses(pids: Set[int]) -> List[str]:
    """``host:port`` of every TCP socket in LISTEN state owned by ``pids``."""
    inodes = socket_inodes(pids)
    found: List[str] = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if fields[3] == "0A" and fields[9] in inodes:  # 0A = TCP_LISTEN
                found.append(_address(fields[1]))
    return found


def is_loopback(address: str) -> bool:
    host = address.rsplit(":", 1)[0]
    return (
        host.startswith("127.")
        or host in ("::1", "::ffff:127.0.0.1")
        or (host.startswith("::ffff:127."))
    )


# --- conversations -------------------------------------------------------------------


def say(url: str, sender: str, message: str, timeout: float = 60) -> List[Dict]:
    reply = requests.post(
        f"{url}/webhooks/rest/webhook",
        json={"sender": sender, "message": message},
        timeout=timeout,
    )
    reply.raise_for_status()
    return list(reply.json())


def tracker(url: str, token: str, sender: str) -> Dict[str, Any]:
    reply = requests.get(
        f"{url}/conversations/{sender}/tracker", params={"token": token}, timeout=30
    )
    reply.raise_for_status()
    return dict(reply.json())


def roles(messages: List[Dict[str, Any]]) -> List[str]:
    """``peer`` for plain texts, else custom.role (coach, report, system)."""
    return [
        (m.get("custom") or {}).get("role") or ("peer" if m.get("text") else "other")
        for m in messages
    ]


def notices(messages: List[Dict[str, Any]]) -> List[str]:
    return [
        m["custom"]["notice"]
        for m in messages
        if (m.get("custom") or {}).get("role") == "system"
    ]


def coach_quotes(messages: List[Dict[str, Any]]) -> List[str]:
    return [
        m["custom"]["quote"]
        for m in messages
        if (m.get("custom") or {}).get("role") == "coach"
    ]


REPLIES = PRACTICE_REPLIES  # in-role, validating, no judgment
