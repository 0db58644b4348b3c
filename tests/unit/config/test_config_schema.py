"""The JSON Schema: committed copy up to date, valid, and in agreement with the loader."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest
from config_helpers import DESIGN_EXAMPLE
from ruamel.yaml import YAML

from reconciler.config.schema import REFRESH_COMMAND, SCHEMA_FILE, json_schema

REPO = Path(__file__).resolve().parents[3]


def test_committed_schema_is_up_to_date() -> None:
    committed = (REPO / SCHEMA_FILE).read_text()
    expected = json.dumps(json_schema(), indent=2) + "\n"
    assert committed == expected, f"{SCHEMA_FILE} is out of date; run: {REFRESH_COMMAND}"


def test_schema_is_deterministic_and_not_shared() -> None:
    first = json_schema()
    pristine = copy.deepcopy(first)
    first["$defs"].clear()  # a caller mutating its copy must not change the next one
    assert json_schema() == pristine


def test_schema_header() -> None:
    schema = json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] and schema["title"] and schema["description"]
    jsonschema.Draft202012Validator.check_schema(schema)


def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json_schema())


def test_design_example_is_valid_under_the_schema() -> None:
    document = YAML(typ="safe").load(DESIGN_EXAMPLE)
    assert list(_validator().iter_errors(document)) == []


@pytest.mark.parametrize(
    "document",
    [
        {"roles": [{"name": "A", "setings": {}}]},
        {"roles": [{"name": "A", "settings": {"deal_default_visibility": 4}}]},
        {"roles": [{"protect": True}]},
        {"pipelines": [{"name": "P", "stages": [{"name": "S", "rotten_days": 0}]}]},
        {"prune": ["stages"]},
        {"api": {"stages": "v3"}},
    ],
)
def test_schema_rejects_what_the_loader_rejects(document: dict) -> None:
    assert list(_validator().iter_errors(document)) != []
