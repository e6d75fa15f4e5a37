"""How the channel tests' servers are configured (shared by fixtures and tests)."""

from __future__ import annotations

SLACK_SECRET = "test-signing-secret-not-real"
SLACK_TOKEN = "xoxb-test-token"
SLACK_CHANNEL = "C0PRACTICE"
SLACK_BOT_USER = "UBOT"
SOCKET_CONNECTOR = "bot.connectors.practice_socketio.PracticeSocketIOInput"
SLACK_CONNECTOR = "bot.connectors.practice_slack.PracticeSlackInput"


def channel_credentials(slack_api: str, embed_origin: str) -> dict:
    return {
        SOCKET_CONNECTOR: {
            "session_persistence": True,
            "cors_allowed_origins": [embed_origin],
        },
        SLACK_CONNECTOR: {
            "slack_token": SLACK_TOKEN,
            "slack_signing_secret": SLACK_SECRET,
            "slack_channel": SLACK_CHANNEL,
            "bot_user_id": SLACK_BOT_USER,
            "base_url": slack_api,
        },
    }
