"""Booleans and numbers read from Pipedrive's answers in every plausible spelling."""

from __future__ import annotations

from typing import Any

import pytest

from reconciler.api.decode import as_bool, as_id, as_int
from reconciler.errors import UnexpectedAnswer


@pytest.mark.parametrize(
    "value", [True, 1, 1.0, "1", "true", "True", " TRUE ", "yes", "on", "2", 7]
)
def test_true_in_every_spelling(value: Any) -> None:
    assert as_bool(value) is True


@pytest.mark.parametrize("value", [False, 0, 0.0, "0", "false", "False", "no", "off", "0.0"])
def test_false_in_every_spelling(value: Any) -> None:
    assert as_bool(value, default=True) is False


@pytest.mark.parametrize("value", [None, "", "  "])
def test_a_missing_flag_reads_as_the_default(value: Any) -> None:
    assert as_bool(value) is False
    assert as_bool(value, default=True) is True


@pytest.mark.parametrize("value", ["maybe", [], {}, float("nan")])
def test_a_flag_no_spelling_explains_is_an_error_naming_it(value: Any) -> None:
    with pytest.raises(UnexpectedAnswer, match="where a true/false was expected") as caught:
        as_bool(value)
    assert repr(value)[:10] in str(caught.value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(5, 5), (5.0, 5), ("5", 5), (" 5 ", 5), ("5.0", 5), ("-3", -3), (True, 1), (None, None)],
)
def test_numbers_in_every_spelling(value: Any, expected: int | None) -> None:
    assert as_int(value) == expected


def test_an_empty_number_is_none() -> None:
    assert as_int("") is None


@pytest.mark.parametrize("value", ["abc", "5 apples", float("inf"), [], {"id": 1}])
def test_a_number_no_spelling_explains_is_an_error(value: Any) -> None:
    with pytest.raises(UnexpectedAnswer, match="where a number was expected"):
        as_int(value)


def test_an_id_must_be_there() -> None:
    assert as_id("42") == 42
    with pytest.raises(UnexpectedAnswer, match="without an id"):
        as_id(None)


def test_unexpected_answers_exit_1() -> None:
    assert UnexpectedAnswer("x").exit_code == 1
