# Peer Practice — every command a user or CI runs. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV         := .venv
ACTIONS_VENV := .venv-actions
RASA         := $(VENV)/bin/rasa
APY          := $(ACTIONS_VENV)/bin/python
WEB_DEPS     := web/node_modules/.installed
MODEL        := models/peer-practice.tar.gz
SCORER       := build/scorer/model-best
RASA_INPUTS  := config.yml domain.yml $(shell find data/nlu data/rules data/stories -name '*.yml' 2>/dev/null)
SCORER_INPUTS := $(shell find data/scoring -type f 2>/dev/null) $(shell find bot/scoring -name '*.py' -o -name '*.cfg' 2>/dev/null)
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help setup run shell test lint unit rasa-validate rasa-stories e2e nlu-eval \
        train scorer bench-scoring bench lock clean browser test-channels scale-test

help: ## show this list
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | \
	  awk 'BEGIN {FS = ":.*## "}; {printf "  make %-15s %s\n", $$1, $$2}'

setup: $(VENV)/.installed $(ACTIONS_VENV)/.installed $(WEB_DEPS) ## create both environments (Python 3.10, pinned) and the page's npm packages

$(VENV)/.installed: requirements/rasa.in requirements/rasa.lock
	@scripts/make_venv.sh $(VENV) requirements/rasa.in requirements/rasa.lock
	@touch $@

$(ACTIONS_VENV)/.installed: requirements/actions.in requirements/actions.lock
	@scripts/make_venv.sh $(ACTIONS_VENV) requirements/actions.in requirements/actions.lock
	@touch $@

$(WEB_DEPS): web/package.json web/package-lock.json
	@command -v npm >/dev/null || { echo "error: Node.js 18+ and npm are needed (apt-get install nodejs npm)" >&2; exit 1; }
	@echo "==> installing the practice page's npm packages (web/)"
	@npm ci --prefix web --no-audit --no-fund
	@touch $@

browser: ## Debian's chromium for the browser tests (installs as root; nothing when present)
	@web/install_browser.sh

train: $(MODEL) ## train the Rasa model (only when data or config changed)

$(MODEL): $(VENV)/.installed $(RASA_INPUTS)
	@scripts/train_rasa.sh $@

scorer: $(SCORER)/meta.json ## train the scorer's spaCy text classifier (only when its data changed)

$(SCORER)/meta.json: $(ACTIONS_VENV)/.installed $(SCORER_INPUTS)
	@$(APY) -m bot.scoring.train --output build/scorer

run: setup train scorer ## set up, train if needed, start the action server and Rasa (Ctrl-C stops both)
	@scripts/run_servers.sh

shell: setup train scorer ## role-play in the terminal (starts and stops the servers for you)
	@scripts/run_servers.sh --shell

test: setup browser train scorer lint rasa-validate rasa-stories unit ## every test: lint, Rasa data + stories, pytest (unit, end-to-end, browser, Slack)
	@echo "all checks passed"

lint: $(ACTIONS_VENV)/.installed ## ruff, black --check and mypy on bot/ and actions/
	@$(ACTIONS_VENV)/bin/ruff check bot actions tests scripts $(wildcard bench)
	@$(ACTIONS_VENV)/bin/black --check --quiet bot actions tests scripts $(wildcard bench)
	@$(ACTIONS_VENV)/bin/mypy bot actions

unit: $(ACTIONS_VENV)/.installed ## pytest: unit, property, end-to-end, browser and Slack tests
	@$(APY) -m pytest

test-channels: setup browser train scorer ## only the channel tests: practice page in Chromium, Slack, shell
	@$(APY) -m pytest tests/channels

rasa-validate: $(VENV)/.installed ## rasa data validate --fail-on-warning
	@$(RASA) data validate --fail-on-warning --domain domain.yml --data data/nlu data/rules data/stories --config config.yml

rasa-stories: $(MODEL) ## Rasa test stories in tests/ (fails on any prediction error)
	@$(RASA) test core --stories tests/stories --model $(MODEL) --fail-on-prediction-errors --out results/core

nlu-eval: $(VENV)/.installed ## NLU cross-validation: intent macro-F1 and confusion summary
	@scripts/nlu_eval.sh

bench-scoring: scorer ## scorer precision/recall/F1, throughput and latency
	@$(APY) -m bot.scoring.bench

bench: setup train scorer ## speed vs a stock `rasa init` bot, same run (table + results/bench.json)
	@$(APY) -m bench

scale-test: setup train scorer ## replicas (PostgreSQL + Redis), restarts, action server down, fuzzing, security
	@$(APY) -m pytest tests/scale tests/faults tests/fuzz

lock: ## re-resolve both environments from requirements/*.in and rewrite the locks
	@scripts/make_venv.sh --relock $(VENV) requirements/rasa.in requirements/rasa.lock
	@scripts/make_venv.sh --relock $(ACTIONS_VENV) requirements/actions.in requirements/actions.lock

clean: ## remove environments, models and build output
	rm -rf $(VENV) $(ACTIONS_VENV) web/node_modules models build results .rasa
