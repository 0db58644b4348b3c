"""Reading the example GitHub workflows: their YAML and the reconciler commands they run."""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = ROOT / "examples" / "github"
PROGRAM = "pipedrive-reconciler"

_EXPRESSION = re.compile(r"\$\{\{.*?\}\}", re.S)
_SEPARATORS = {"&&", "||", ";", "|", "&", "(", ")", "{", "}", "!"}


def load(name: str) -> dict[str, Any]:
    return YAML(typ="safe").load((WORKFLOWS / name).read_text(encoding="utf-8"))


def steps(workflow: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for job in workflow["jobs"].values():
        yield from job["steps"]


def commands(script: str) -> list[list[str]]:
    """Each `pipedrive-reconciler ...` command line of a shell script, as its arguments.

    `${{ }}` expressions become a placeholder word, backslash-newline continuations are
    joined, and redirections, pipes and `&&`/`||`/`;` lists are taken apart."""
    text = _EXPRESSION.sub("PLACEHOLDER", script).replace("\\\n", " ")
    found = []
    for line in text.splitlines():
        lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        lexer.commenters = "#"
        for segment in _segments(list(lexer)):
            words = _without_redirections(segment)
            while words and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*=.*", words[0]):
                words = words[1:]  # VAR=value prefixes
            if words[:1] == [PROGRAM]:
                found.append(words[1:])
    return found


def _segments(tokens: list[str]) -> Iterator[list[str]]:
    current: list[str] = []
    for token in tokens:
        if token in _SEPARATORS:
            yield current
            current = []
        else:
            current.append(token)
    yield current


def _without_redirections(tokens: list[str]) -> list[str]:
    out: list[str] = []
    skip = False
    for index, token in enumerate(tokens):
        if skip:
            skip = False
            continue
        is_redirect = bool(re.fullmatch(r"[<>&]+", token))
        next_is_redirect = index + 1 < len(tokens) and re.fullmatch(r"[<>]+&?", tokens[index + 1])
        if token.isdigit() and next_is_redirect:
            continue  # the "2" of "2>"
        if is_redirect:
            skip = True  # and its target
            continue
        out.append(token)
    return out
