# hotline-sim: two commands on a fresh machine (see README).
#   make main   builds .venv and runs the main job (the article's question, with a report)
#   make test   builds .venv, prepares the browser test (chromium, offline assets), runs all tests
# Python 3.12 comes from pyenv (.python-version); mesa 3.5 needs it.

PYTHON ?= $(shell command -v python3.12 2>/dev/null || echo python)
VENV := .venv
PY := $(VENV)/bin/python
ASSETS ?= $(HOME)/.cache/hotline-sim/solara-cdn
MAIN_OUT ?= results/main
MAIN_REPS ?= 150
# make findings: every published number (docs/findings.md, its figures, the README's answer);
# FINDINGS_DESIGN=full SCHEDULER=tcp://host:8786 for the cluster-sized design.
FINDINGS_DESIGN ?= session
PYTEST_FLAGS ?= -W error::DeprecationWarning:mesa -W error::FutureWarning:mesa

.PHONY: main test venv browser lint bench docs findings clean constraints

venv: $(VENV)/.installed

# Everything (extras cluster, study, web and the test tools), pinned to the tested versions.
$(VENV)/.installed: pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 12), "need Python >= 3.12 (pyenv: see .python-version)"'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c constraints.txt -e ".[all,test]"
	touch $@

main: venv
	$(VENV)/bin/hotline-sim compare status_quo_2022 hotline_as_agreed hotline_as_practiced \
		--reps $(MAIN_REPS) --out $(MAIN_OUT)
	@echo "report: $(MAIN_OUT)/report.md (and report.html)"

browser: venv
	HOTLINE_ASSET_CACHE=$(ASSETS) tools/setup_browser_tests.sh $(PY)

test: venv browser
	SOLARA_ASSETS_PROXY_CACHE_DIR=$(ASSETS) SOLARA_TELEMETRY_MIXPANEL_ENABLE=False \
		$(PY) -m pytest $(PYTEST_FLAGS)

lint: venv
	$(VENV)/bin/ruff check sim tests tools benchmarks
	$(VENV)/bin/lint-imports --no-cache

bench: venv
	$(PY) benchmarks/bench_model.py
	$(PY) benchmarks/bench_runner.py speedup

findings: venv
	$(VENV)/bin/hotline-sim findings --design $(FINDINGS_DESIGN) $(if $(SCHEDULER),--scheduler $(SCHEDULER),)

docs: venv
	$(VENV)/bin/hotline-sim docs

constraints: venv
	{ sed -n '1,3p' constraints.txt; $(PY) -m pip freeze --exclude-editable | grep -vi '^hotline'; } \
		> constraints.txt.new && mv constraints.txt.new constraints.txt

clean:
	rm -rf $(VENV) .pytest_cache
