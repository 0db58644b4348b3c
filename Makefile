VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: test lint fuzz demo bench sandbox dist clean prism node-client

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

test: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(PY) -m pytest

# A longer Schemathesis hunt than the one inside `make test`; FUZZ_SEED=N for another seed.
fuzz: $(STAMP)
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-60} $(PY) -m pytest tests/contract/test_fuzz.py

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

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
	$(PY) -m reconciler sandbox --demo --token sandbox-token

# The sdist and the wheel as they would be published, checked as PyPI would check them.
dist: $(STAMP)
	rm -rf dist
	$(PY) -m build --outdir dist .
	$(PY) -m twine check --strict dist/*

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build dist *.egg-info

# The CLI through Stoplight Prism, an independent validating proxy of Pipedrive's documents
# (needs Node.js and npm; Prism is installed into ~/.cache/prism on first use).
prism: $(STAMP)
	$(PY) scripts/prism_check.py

# The official Pipedrive Node.js client (npm `pipedrive`) against the sandbox (needs npm).
node-client: $(STAMP)
	$(PY) scripts/node_client_check.py
