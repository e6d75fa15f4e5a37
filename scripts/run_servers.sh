#!/usr/bin/env bash
# run_servers.sh [--shell] — start the action server and the Rasa server on loopback,
# print how to talk to them, and stop both on Ctrl-C. With --shell, open the terminal
# role-play and stop the servers when it ends.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -f .env ]; then set -a; . ./.env; set +a; fi
HOST=${PEER_PRACTICE_HOST:-127.0.0.1}
RASA_PORT=${RASA_PORT:-5005}
ACTION_PORT=${ACTION_PORT:-5055}
MODEL=${RASA_MODEL:-models/peer-practice.tar.gz}
ENDPOINTS=${RASA_ENDPOINTS:-endpoints.yml}
CREDENTIALS=${RASA_CREDENTIALS:-credentials.yml}
if [ -z "${RASA_CREDENTIALS:-}" ] && [ -n "${SLACK_BOT_TOKEN:-}" ]; then CREDENTIALS=slack/credentials.yml; fi
mkdir -p var/log
export ACTION_PORT TRACKER_DB=${TRACKER_DB:-var/tracker.db}

if [ -z "${RASA_TOKEN:-}" ]; then
  # A token of this machine's own, made once (hex: a leading "-" would read as an option).
  [ -s var/rasa_token ] || .venv-actions/bin/python -c 'import secrets; print(secrets.token_hex(24))' > var/rasa_token
  RASA_TOKEN=$(cat var/rasa_token)
fi

rasa_answers() { .venv-actions/bin/python -c "import urllib.request,sys; sys.exit(b'Rasa' not in urllib.request.urlopen('http://$HOST:$RASA_PORT/', timeout=2).read())" 2>/dev/null; }
if [ "${1:-}" = "--shell" ] && rasa_answers; then
  echo "==> using the Peer Practice already running on http://$HOST:$RASA_PORT"
  exec .venv-actions/bin/python -m bot.shell --url "http://$HOST:$RASA_PORT"
fi

if [ -z "${PEER_PRACTICE_ID_KEY:-}" ]; then
  # The key behind pseudonymous trainee ids in reports; made once, kept in var/.
  [ -s var/id_key ] || .venv-actions/bin/python -c 'import secrets; print(secrets.token_hex(32))' > var/id_key
  PEER_PRACTICE_ID_KEY=$(cat var/id_key)
fi
export PEER_PRACTICE_ID_KEY

port_taken() { .venv-actions/bin/python -c "import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(('$HOST', $1)) != 0)"; }
for port in "$RASA_PORT" "$ACTION_PORT"; do
  if port_taken "$port"; then
    echo "error: port $port on $HOST is already in use (another Peer Practice, or another program)." >&2
    echo "       Stop it, or choose other ports: RASA_PORT=5006 ACTION_PORT=5056 make run" >&2
    exit 1
  fi
done

pids=()
stop() {
  trap - INT TERM EXIT
  if [ ${#pids[@]} -gt 0 ]; then
    echo; echo "==> stopping the servers"
    kill "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
}
trap stop EXIT
trap 'exit 0' INT TERM  # Ctrl-C is how a user stops the servers: not an error

wait_for() { # URL NAME LOG PID
  printf '==> waiting for %s ' "$2"
  for _ in $(seq 1 240); do
    if ! kill -0 "$4" 2>/dev/null; then
      echo; echo "error: $2 exited; the end of $3:" >&2; tail -n 30 "$3" >&2; exit 1
    fi
    if .venv-actions/bin/python -c "import urllib.request,sys; urllib.request.urlopen('$1', timeout=1)" 2>/dev/null; then
      echo " ready"; return 0
    fi
    printf '.'; sleep 1
  done
  echo; echo "error: $2 did not start in 4 minutes; see $3" >&2; exit 1
}

# The SDK binds 0.0.0.0 unless told otherwise; SANIC_HOST keeps it on loopback.
SANIC_HOST=$HOST .venv-actions/bin/python -m rasa_sdk --actions actions --port "$ACTION_PORT" \
  > var/log/actions.log 2>&1 &
pids+=($!)
wait_for "http://$HOST:$ACTION_PORT/health" "the action server" var/log/actions.log "${pids[-1]}"

# Rasa imports our channel connectors (bot/connectors), so the repo goes on its path.
PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}" .venv/bin/rasa run --model "$MODEL" --endpoints "$ENDPOINTS" --credentials "$CREDENTIALS" \
  --interface "$HOST" --port "$RASA_PORT" --enable-api --auth-token "$RASA_TOKEN" \
  --cors "http://$HOST:$RASA_PORT" "http://localhost:$RASA_PORT" \
  > var/log/rasa.log 2>&1 &
pids+=($!)
wait_for "http://$HOST:$RASA_PORT/" "the Rasa server (loading the model)" var/log/rasa.log "${pids[-1]}"

cat <<MSG

Peer Practice is running (logs in var/log/):
  Rasa server    http://$HOST:$RASA_PORT   (REST, socket.io; HTTP API token in var/rasa_token or \$RASA_TOKEN)
  action server  http://$HOST:$ACTION_PORT  (loopback only)
  conversations  SQLite tracker store $TRACKER_DB
Talk to it:
  make shell     (in another terminal; or run this with --shell)
  curl -s -XPOST http://$HOST:$RASA_PORT/webhooks/rest/webhook -H 'Content-Type: application/json' \\
       -d '{"sender": "me", "message": "start 1"}'
  practice page  http://$HOST:$RASA_PORT/practice/
MSG

if [ "${1:-}" = "--shell" ]; then
  .venv-actions/bin/python -m bot.shell --url "http://$HOST:$RASA_PORT" || true
else
  echo; echo "Press Ctrl-C to stop both servers."
  wait -n "${pids[@]}" || true
  echo "error: a server stopped unexpectedly; see var/log/" >&2
  exit 1
fi
