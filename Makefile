# The README's two commands: `make demo` and `make test`. Each installs what it needs into
# .venv first (Python 3.11 or newer, from PyPI): dnsframe, the GANDI_V5 plugin and the local
# Gandi sandbox (gandi-livedns-sandbox), all three from this repository, and octoDNS for the
# benchmarks (the [bench] extra), and the JavaScript parser of `dnsframe convert` (the [js]
# extra). `make bench` runs the four benchmarks of bench/ at full size. `make wheels-check`
# builds the wheels and sdists and tries them in a fresh venv, as CI does after `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test lint venv bench clean docs wheels-check

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml providers/gandi_v5/pyproject.toml providers/gandi_sandbox/pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "dnsframe needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,bench,js]' -e './providers/gandi_v5[test]' \
		-e './providers/gandi_sandbox[test]'
	touch $@

demo: venv
	BIN=$(BIN) ./demo/run.sh

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy --strict dnsframe providers/gandi_v5/dnsframe_gandi_v5 \
		providers/gandi_sandbox/gandi_sandbox

# pytest exits 5 when it collects no test; that is reported, not treated as a failure.
test: lint
	$(BIN)/python -m pytest; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests"; rc=0; fi; exit $$rc

# The generated reference pages of docs/ (language, command, providers); a test checks them.
docs: venv
	$(BIN)/python -m dnsframe.docs docs

# The three distributions built (sdist and wheel), installed into a new venv, and run from an
# empty folder against the installed gandi-sandbox: .ci/wheels.py says what it checks.
wheels-check: venv
	$(BIN)/python .ci/wheels.py

bench: venv
	$(BIN)/python bench/b1_preview.py
	$(BIN)/python bench/b2_push.py
	$(BIN)/python bench/b3_domains.py
	$(BIN)/python bench/b4_check.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
