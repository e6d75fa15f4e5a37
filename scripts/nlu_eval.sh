#!/usr/bin/env bash
# NLU evaluation on our own data: 5-fold cross-validation, then macro-F1 and the most
# confused intent pairs.
set -euo pipefail
out=results/nlu
rm -rf "$out" && mkdir -p "$out"
.venv/bin/rasa test nlu --nlu data/nlu --config config.yml --cross-validation --folds 5 \
  --out "$out" --no-plot > "$out/rasa-test.log" 2>&1 || { tail -n 40 "$out/rasa-test.log"; exit 1; }
.venv/bin/python scripts/nlu_summary.py "$out"
