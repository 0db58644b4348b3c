"""No input makes the loader fail with anything but a ConfigError with positions."""

from __future__ import annotations

import io
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from reconciler.config.loader import load_config
from reconciler.config.models import Config
from reconciler.errors import ConfigError
from reconciler.kinds.pipelines.model import Pipeline, Stage
from reconciler.kinds.roles.model import Role, RoleSettings

FUZZ = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
# ruamel's round-trip loader is pure Python: fewer, richer examples for whole documents.
FUZZ_DOCS = settings(FUZZ, max_examples=50)

# Keys the models know (so fuzzing reaches deep validation) plus near misses.
KEYS = sorted(
    {
        *Config.model_fields,
        *Pipeline.model_fields,
        *Stage.model_fields,
        *Role.model_fields,
        *RoleSettings.model_fields,
        "visible",
        "setings",
        "",
    }
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True),
    st.text(max_size=12),
    st.sampled_from(["(Unassigned users)", "Sales", "a@b.c", "7"]),
)
DOCUMENTS = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS), children, max_size=5)
    ),
    max_leaves=30,
)


def _check(path: Path) -> None:
    try:
        load_config([path])
    except ConfigError as exc:
        assert exc.issues
        for issue in exc.issues:
            assert issue.file == str(path)
            assert issue.line >= 1 and issue.column >= 1 and issue.message


@FUZZ
@given(text=st.text(max_size=300))
def test_any_text(tmp_path: Path, text: str) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    _check(path)


@FUZZ
@given(raw=st.binary(max_size=200))
def test_any_bytes(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "c.yaml"
    path.write_bytes(raw)
    _check(path)


@FUZZ_DOCS
@given(document=st.dictionaries(st.sampled_from(KEYS), DOCUMENTS, max_size=6) | DOCUMENTS)
def test_random_yaml_documents(tmp_path: Path, document: object) -> None:
    out = io.StringIO()
    YAML(typ="safe").dump(document, out)
    path = tmp_path / "c.yaml"
    path.write_text(out.getvalue())
    _check(path)


def _objects(keys: list[str], **special: st.SearchStrategy) -> st.SearchStrategy:
    values = {k: special.get(k, DOCUMENTS) for k in keys}
    return st.fixed_dictionaries({}, optional=values)


NAMES = st.sampled_from(["A", "B", "(Unassigned users)", ""]) | st.text(max_size=4)
STAGES = st.lists(_objects(list(Stage.model_fields), name=NAMES), max_size=3)
ROLES = st.lists(
    _objects(
        list(Role.model_fields),
        name=NAMES,
        parent=NAMES,
        renamed_from=st.lists(NAMES, max_size=2),
        members=st.lists(st.sampled_from(["a@b.c", "A@B.C", "bob", 1, 2]), max_size=3),
        settings=_objects(list(RoleSettings.model_fields), deal_default_visibility=SCALARS),
    ),
    max_size=4,
)
PIPELINES = st.lists(_objects(list(Pipeline.model_fields), name=NAMES, stages=STAGES), max_size=3)


@FUZZ_DOCS
@given(roles=ROLES, pipelines=PIPELINES)
def test_config_shaped_documents(tmp_path: Path, roles: list, pipelines: list) -> None:
    out = io.StringIO()
    YAML(typ="safe").dump({"roles": roles, "pipelines": pipelines}, out)
    path = tmp_path / "c.yaml"
    path.write_text(out.getvalue())
    _check(path)
