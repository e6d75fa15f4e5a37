#!/usr/bin/env bash
# Print the path of a Python 3.10 interpreter: PATH first, then pyenv's versions.
# Rasa Open Source 3.6 supports Python < 3.11, so nothing newer will do.
set -euo pipefail

is_310() { "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; }

for candidate in python3.10 python3 python; do
  path=$(command -v "$candidate" 2>/dev/null || true)
  if [ -n "$path" ] && is_310 "$path"; then echo "$path"; exit 0; fi
done

pyenv_root=$( (command -v pyenv >/dev/null && pyenv root) 2>/dev/null || echo "${PYENV_ROOT:-$HOME/.pyenv}")
for path in "$pyenv_root"/versions/3.10*/bin/python3.10; do
  if [ -x "$path" ] && is_310 "$path"; then echo "$path"; exit 0; fi
done

cat >&2 <<'MSG'
error: Peer Practice needs Python 3.10 (Rasa Open Source 3.6 does not run on 3.11+).
Looked for python3.10, python3 and python on PATH, then in pyenv's versions/3.10*.
Install one, for example:
  pyenv install 3.10        # then run make again
  apt-get install python3.10 python3.10-venv   # where your distribution has it
MSG
exit 1
