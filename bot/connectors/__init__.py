"""Rasa channel connectors for Peer Practice (run in the Rasa environment, `.venv`).

- `practice_socketio.PracticeSocketIOInput`: socket.io for the practice page (one event
  per bot message, text and coach payload together) and for rasa-webchat (text only).
- `practice_slack.PracticeSlackInput`: Slack with a session per trainee thread and coach
  feedback sent only to the trainee.
"""
