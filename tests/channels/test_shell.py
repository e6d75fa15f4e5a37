"""The terminal role-play, driven through a real pseudo-terminal with pexpect."""

from __future__ import annotations

import os
import re
import sys

import pexpect
import pytest

from tests.servers import ROOT, RunningServers

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

ANSI = re.compile(r"\x1b\[[0-9;]*m")
TIMEOUT = 90


def spawn(url: str, **env: str) -> pexpect.spawn:
    environment = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    environment.update({"TERM": "xterm-256color", **env})
    return pexpect.spawn(
        sys.executable,
        ["-m", "bot.shell", "--url", url],
        cwd=str(ROOT),
        env=environment,
        encoding="utf-8",
        timeout=TIMEOUT,
        dimensions=(50, 200),
    )


def test_a_short_session_in_the_terminal(channel_servers: RunningServers) -> None:
    shell = spawn(channel_servers.rasa_url)
    try:
        shell.expect("/hint")  # the commands are listed at the start
        shell.expect("/end")
        shell.expect("you> ")
        shell.sendline("/start grief_widower")
        shell.expect("Peer:")
        shell.expect("you> ")
        shell.sendline("It sounds like you've been lonely since June died.")
        shell.expect("Coach:")
        shell.expect("Trust")
        shell.expect("you> ")
        shell.sendline("You should just get over it, at least she is not suffering.")
        shell.expect("Coach:")
        coach = shell.before + shell.after
        shell.expect("you> ")
        coach += shell.before
        assert "\x1b[" in coach  # colour on a terminal
        plain = ANSI.sub("", coach)
        assert "You should" in plain and "minimising" in plain
        shell.sendline("/end")
        shell.expect("Session report")
        shell.expect("you> ")
        shell.sendeof()  # Ctrl-D leaves cleanly
        shell.expect("Goodbye")
        shell.expect(pexpect.EOF)
    finally:
        shell.close()
    assert shell.exitstatus == 0


def test_ctrl_c_ends_the_session_with_its_report(
    channel_servers: RunningServers,
) -> None:
    shell = spawn(channel_servers.rasa_url, NO_COLOR="1")
    try:
        shell.expect("you> ")
        shell.sendline("/start grief_widower")
        shell.expect("Peer:")
        shell.expect("you> ")
        shell.sendline("That sounds really hard.")
        shell.expect("Coach:")
        shell.expect("you> ")
        output = shell.before
        shell.sendintr()  # Ctrl-C at the prompt
        shell.expect("Session report")
        shell.expect("Goodbye")
        shell.expect(pexpect.EOF)
        output += shell.before
    finally:
        shell.close()
    assert "\x1b[" not in output  # NO_COLOR: plain text
    assert shell.exitstatus == 0
