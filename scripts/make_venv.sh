#!/usr/bin/env bash
# make_venv.sh [--relock] DIR REQUIREMENTS.in LOCKFILE
# Create DIR with Python 3.10 and install REQUIREMENTS.in pinned by LOCKFILE.
# --relock resolves REQUIREMENTS.in afresh and rewrites LOCKFILE.
set -euo pipefail
relock=0
if [ "${1:-}" = "--relock" ]; then relock=1; shift; fi
dir=$1 requirements=$2 lock=$3

python=$(scripts/find_python.sh)
if [ ! -x "$dir/bin/python" ] || ! "$dir/bin/python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))'; then
  echo "==> creating $dir with $python"
  rm -rf "$dir"
  "$python" -m venv "$dir"
fi
echo "==> installing $requirements into $dir (pinned by $lock)"
"$dir/bin/python" -m pip install --quiet --upgrade "pip==26.3"
if [ "$relock" = 1 ]; then
  "$dir/bin/python" -m pip install --progress-bar on -r "$requirements"
  { echo "# pip freeze of $dir after installing $requirements on Python 3.10 (regenerate: make lock)"
    "$dir/bin/python" -m pip freeze; } > "$lock"
else
  "$dir/bin/python" -m pip install --progress-bar on -r "$requirements" -c "$lock"
fi
"$dir/bin/python" -m pip check
