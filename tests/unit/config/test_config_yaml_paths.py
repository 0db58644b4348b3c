"""libyaml's path and ruamel's round-trip path read a document identically: the same data,
the same position for every value and key, the same error, or the fast path hands over."""

from __future__ import annotations

import io
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from reconciler.config import locations
from reconciler.config.yaml_nodes import RoundTripNeeded
from reconciler.errors import ConfigError

TRICKY = {
    "unicode": 'roles:\n  - name: "Ünïcödé 🎉"\n    parent: Ärger\n  - {name: 日本語, parent: x}\n',
    "crlf": "roles:\r\n  - name: A\r\n    parent: B\r\n",
    "scalars": (
        "a: 0x1F\nb: 0o17\nc: 012\nd: 1_000\ne: .inf\nf: -.5e3\ng: ~\nh:\ni: null\n"
        "j: 2026-12-01\nk: 2026-12-01T10:00:00Z\nl: yes\nm: True\nn: '123'\no: \"a\\tb\"\n"
        "p: +12\nq: 1e3\nr: -0\ns: 007\n"
    ),
    "blocks": "d: |\n  one\n  two\nf: >\n  folded\n  text\n\n  para\nk: |+\n  x\n\ns: >-\n  y\n",
    "anchors": "b: &b {x: 3}\nr:\n  - s: *b\n  - s: *b\nl: &l [1, 2]\no: *l\nsc: &s hi\ns2: *s\n",
    "flow": "pipelines: [{name: S, stages: [{name: A, rotten_days: 3}, {name: B}]}]\nx: { }\n",
    "comments": "# head\nroles: # c\n  # inner\n  - name: A # trailing\n\n\n    parent: B\n",
    "nested-sequences": "a:\n- - 1\n  - 2\n- - 3\nb:\n  - - x\n",
    "empty-values": "a:\nb: \nc: ''\nd: []\ne: {}\n",
    "quoted-keys": "'a b': 1\n\"c\": 2\n",
    "markers": "---\nroles: []\n...\n",
    "multiline-plain": "a: this is\n  a multi line\n  plain scalar\n",
    "duplicate-key": "roles:\n  - name: A\n    name: B\n",
    "merge-key": "base: &b {name: A}\nroles:\n  - <<: *b\n    parent: B\n",
    "tag": "a: !!str 123\nb: !custom x\n",
    "tab": "a: x\ty\n",
    "broken": "roles:\n  - name: [A\n",
    "two-documents": "roles: []\n---\npipelines: []\n",
    "directive": "%YAML 1.1\n---\na: yes\n",
    "not-a-mapping": "- a\n- b\n",
}


def read(path: str, text: str) -> Any:
    reader = locations._read_fast if path == "fast" else locations._read_round_trip
    try:
        data, sources = reader(text, "c.yaml")
    except ConfigError as error:
        return ("error", str(error))
    return (data, dict(sources.nodes), dict(sources.keys))


def same_either_way(text: str) -> bool:
    """True when the fast path read it as the round-trip path does, False when it handed
    the document over."""
    try:
        fast = read("fast", text)
    except RoundTripNeeded:
        return False
    assert fast == read("round trip", text)
    if not isinstance(fast[0], str):
        assert {k: type(v) for k, v in fast[0].items()} == {
            k: type(v) for k, v in read("round trip", text)[0].items()
        }
    return True


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_tricky_documents_read_the_same(name: str) -> None:
    same_either_way(TRICKY[name])


def test_plain_configs_take_the_fast_path() -> None:
    assert all(same_either_way(TRICKY[n]) for n in ("unicode", "scalars", "anchors", "flow"))


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12),
)
KEYS = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=8
)
DOCUMENTS = st.dictionaries(
    KEYS,
    st.recursive(
        SCALARS,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=3),
        max_leaves=12,
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENTS, st.sampled_from([False, True, None]), st.integers(2, 4))
def test_documents_ruamel_writes_read_the_same(doc: dict, flow: bool | None, indent: int) -> None:
    yaml = YAML()
    yaml.default_flow_style = flow
    yaml.indent(mapping=indent, sequence=indent + 2, offset=indent)
    buffer = io.StringIO()
    yaml.dump(doc, buffer)
    same_either_way(buffer.getvalue())
