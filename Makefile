# Two commands matter:  make app   (set up and run the explorer on data/demo)
#                       make test  (set up and run the whole test suite, with its own Neo4j)
# and, while editing:  make check (the quick loop: no Neo4j, browser, notebook or slow tests; ≤ 3 min)
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: setup sysdeps app test check lint demo bench clean

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt -r requirements-dev.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

setup: $(STAMP)

# Debian packages the suite needs: Chromium for the browser test, a CJK font for figures
sysdeps:
	@if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && \
	  $$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null; \
	fi

# serve.py runs app.py with the default data read and analysed at start (the first page opens at once)
app: $(STAMP)
	$(PY) -m streamlit run serve.py

# the suite's own Neo4j: port 7688 and a data directory of its own, so a developer's Neo4j on 7687 is never
# touched; run by two pytest-xdist workers (the machine's two cores), each with a Neo4j of its own on the next
# port (7688, 7689: tests/conftest.py worker_uri), since Neo4j Community holds one database; stopped again whatever
# the result (the servers start and stop side by side; graph/server.py fetches the jars once even then). JOBS=0 runs
# the suite in one process with one Neo4j.
TEST_NEO4J_PORT ?= 7688
JOBS ?= 2
XDIST = -n $(JOBS) --dist loadfile --no-loadscope-reorder   # files in tests/conftest.py's order: long ones first
TEST_PORTS = $$(seq $(TEST_NEO4J_PORT) $$(( $(TEST_NEO4J_PORT) + ($(JOBS) > 1 ? $(JOBS) : 1) - 1 )))
test: $(STAMP) sysdeps
	ports="$(TEST_PORTS)"; status=0; pids=""; \
	for port in $$ports; do $(PY) -m graph server start --port $$port & pids="$$pids $$!"; done; \
	for pid in $$pids; do wait $$pid || status=1; done; \
	[ $$status != 0 ] || NEO4J_URI=bolt://127.0.0.1:$(TEST_NEO4J_PORT) $(PY) -m pytest $(XDIST) $(ARGS) \
	  || status=$$?; \
	for port in $$ports; do $(PY) -m graph server stop --port $$port & done; wait; exit $$status

# the quick loop while editing: everything but the tests marked neo4j, browser, notebook or slow
# (tests/conftest.py marks them by file and fixture); CI runs `make test`, which runs them all.
# More pytest options: make check ARGS="-x --durations=20" (also make test ARGS=…)
QUICK ?= not neo4j and not browser and not notebook and not slow
check: $(STAMP)
	$(PY) -m pytest -q $(XDIST) -m "$(QUICK)" $(ARGS)

lint: $(STAMP)
	$(PY) -m ruff check .

# benchmarks (not tests): prints the tables of BENCHMARKS.md; about 10 minutes on 2 cores
bench: $(STAMP) sysdeps
	$(PY) -m bench

# regenerate the committed synthetic demo years, data/demo (2024) and data/demo-2023, and the registry-only demo
# made from data/demo through classify, data/demo-registry (all deterministic)
demo: $(STAMP)
	$(PY) -m graph.synth --out data/demo --seed 2022 --scale 1 --years 2023 2024
	$(PY) -m graph.synth.registry_demo --out data/demo-registry

clean:
	rm -rf $(VENV) .pytest_cache
