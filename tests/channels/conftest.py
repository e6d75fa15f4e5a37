"""The channel tests share the session's servers (tests/conftest.py): REST, the practice
socket.io channel and Slack against the fake Slack Web API are all enabled there."""

from __future__ import annotations

import pytest

from tests.servers import RunningServers


@pytest.fixture(scope="session")
def channel_servers(servers: RunningServers) -> RunningServers:
    return servers
