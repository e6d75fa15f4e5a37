#!/usr/bin/env bash
# train_rasa.sh OUTPUT — train the Rasa model into OUTPUT, or reuse a cached model
# trained from exactly the same config, domain, data and Rasa version.
set -euo pipefail
output=$1
cache=${PEER_PRACTICE_CACHE:-$HOME/.cache/peer-practice}/models
inputs=$( (ls config.yml domain.yml requirements/rasa.lock; find data/nlu data/rules data/stories -name '*.yml') | LC_ALL=C sort)
key=$(cat $inputs | sha256sum | cut -c1-16)
mkdir -p "$(dirname "$output")" "$cache"

if [ -f "$cache/$key.tar.gz" ]; then
  echo "==> Rasa model unchanged since it was last trained (cache $key): reusing it"
  cp "$cache/$key.tar.gz" "$output"
  exit 0
fi
echo "==> training the Rasa model (NLU + rules; about a minute)"
start=$(date +%s)
.venv/bin/rasa train --config config.yml --domain domain.yml --data data/nlu data/rules data/stories \
  --out "$(dirname "$output")" --fixed-model-name "$(basename "$output" .tar.gz)"
echo "==> trained in $(( $(date +%s) - start )) s: $output"
cp "$output" "$cache/$key.tar.gz.tmp" && mv "$cache/$key.tar.gz.tmp" "$cache/$key.tar.gz"
