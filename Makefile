# Two entry points, both self-contained from a clean clone (Python 3.11 + pip needed):
#   make demo   install, build the graph of seeds/, write graph.html, print a summary
#   make test   install the test extras (Spark and a headless browser, with Java when missing), run every test
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STORE  ?= kg-store

.PHONY: demo test install install-dev browser java clean

$(BIN)/kg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	@touch $@

install: $(BIN)/kg

$(VENV)/.dev: $(BIN)/kg
	$(BIN)/pip install --quiet -e '.[dev,spark]'
	@touch $@

install-dev: $(VENV)/.dev

browser:
	-bash scripts/install-browser.sh

# PySpark's JVM: the Spark tests (tests/test_spark.py) need it; the local build never does.
java:
	sh scripts/install-java.sh

demo: install
	$(BIN)/kg build seeds/ --store $(STORE) 2>&1
	$(BIN)/kg viz --store $(STORE) -o graph.html 2>&1
	$(BIN)/kg stats --store $(STORE)

test: install-dev java browser
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(STORE) graph.html
