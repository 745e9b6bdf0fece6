# Dossier's tasks. `make run` and `make test` set up everything they need on a fresh
# Debian/Ubuntu machine: the system packages Qt needs, a virtual environment, the packages.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test setup system-deps bench screenshot samples package clean

run: setup ## Open the app on the bundled articles
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then $(PY) -m dossier; \
	else echo "No display: running under a virtual screen (xvfb-run)"; xvfb-run -a $(PY) -m dossier; fi

test: setup ## Run the whole test suite headless
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

setup: system-deps $(STAMP)

system-deps:
	@bash packaging/system-deps.sh

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Dossier needs Python 3.11 or newer")'
	@[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[test]"
	@touch $(STAMP)

bench: setup ## Benchmarks (print tables; not part of the tests)
	$(PY) -m tests.perf.run

screenshot: setup ## Light and dark screenshots of the main window on a 1366×768 Xvfb into resources/screenshots/
	xvfb-run -a -s "-screen 0 1366x768x24" $(PY) tests/tools/screenshot.py light
	xvfb-run -a -s "-screen 0 1366x768x24" $(PY) tests/tools/screenshot.py dark

samples: setup ## Sample briefing pages into resources/samples/
	$(PY) tests/tools/make_samples.py

package: setup ## The desktop app: dist/Dossier/ and dist/Dossier-<version>-linux-x86_64.tar.gz
	$(PY) -m pip install -q "pyinstaller>=6.5" && $(PY) packaging/build.py

clean:
	rm -rf build dist .pytest_cache
