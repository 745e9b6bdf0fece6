# Dossier's tasks. `make run` and `make test` set up everything they need on a fresh
# Debian/Ubuntu machine: the system packages Qt needs, a virtual environment, the packages.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
LOCK   := requirements.lock

.PHONY: run test check format lock setup system-deps bench screenshot samples package clean

run: setup ## Open the app on the bundled articles
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then $(PY) -m dossier; \
	else echo "No display: running under a virtual screen (xvfb-run)"; xvfb-run -a $(PY) -m dossier; fi

test: setup check ## Lint, type-check, check the import contracts, then run the whole test suite headless
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

check: setup ## ruff (lint and format), import-linter, mypy
	$(VENV)/bin/ruff check dossier tests packaging
	$(VENV)/bin/ruff format --check dossier tests packaging
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

format: setup ## Reformat the code and apply ruff's safe fixes
	$(VENV)/bin/ruff check --fix dossier tests packaging
	$(VENV)/bin/ruff format dossier tests packaging

lock: setup ## Refresh requirements.lock from pyproject.toml (newest versions that fit; hashes for every platform)
	env -u PIP_FIND_LINKS PIP_CONFIG_FILE=/dev/null $(VENV)/bin/pip-compile -q --generate-hashes --allow-unsafe \
		--strip-extras --no-emit-index-url --no-emit-find-links --extra test --extra dev -o $(LOCK) pyproject.toml
	$(VENV)/bin/pip install -q --require-hashes --no-deps -r $(LOCK)

setup: system-deps $(STAMP)

system-deps:
	@bash packaging/system-deps.sh

# Exactly the versions the lock names, checked against its hashes; then Dossier itself, editable.
$(STAMP): pyproject.toml $(LOCK)
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Dossier needs Python 3.11 or newer")'
	@[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --require-hashes --no-deps -r $(LOCK)
	$(PY) -m pip check
	$(PY) -m pip install -q --no-deps --no-build-isolation -e .
	@touch $(STAMP)

bench: setup ## Benchmarks (print tables; not part of the tests)
	$(PY) -m tests.perf.run

screenshot: setup ## Light and dark screenshots of the main window on a 1366×768 Xvfb into resources/screenshots/
	xvfb-run -a -s "-screen 0 1366x768x24" $(PY) tests/tools/screenshot.py light
	xvfb-run -a -s "-screen 0 1366x768x24" $(PY) tests/tools/screenshot.py dark

samples: setup ## Sample briefing pages into resources/samples/
	$(PY) tests/tools/make_samples.py
	$(PY) tests/tools/make_format_samples.py

package: setup ## The desktop app: dist/Dossier/ and dist/Dossier-<version>-linux-x86_64.tar.gz
	$(PY) packaging/build.py

clean:
	rm -rf build dist .pytest_cache
