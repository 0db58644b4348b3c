VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: test lint demo bench sandbox clean

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

test: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

demo: $(STAMP)
	$(PY) examples/demo.py

# The planner alone at 10k objects, validation of a 5 MB config, then plan/apply against a
# sandbox (3 runs each, and a scaling table): about 15 minutes. All three run; the target
# fails when any of them missed its target.
bench: $(STAMP)
	status=0; \
	$(PY) benchmarks/planner.py || status=1; \
	$(PY) benchmarks/validation.py || status=1; \
	$(PY) benchmarks/plan_apply.py || status=1; \
	exit $$status

sandbox: $(STAMP)
	$(PY) -m reconciler sandbox --seed examples/sandbox-seed.yaml --token sandbox-token

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build *.egg-info
