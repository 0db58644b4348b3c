"""Reading the CI files users copy: their YAML and the reconciler commands they run."""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
from ruamel.yaml import YAML

from reconciler.cli.app import _register, cli

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = ROOT / "examples" / "github"
GITLAB = ROOT / "examples" / "gitlab" / ".gitlab-ci.yml"
PROGRAM = "pipedrive-reconciler"

_EXPRESSION = re.compile(r"\$\{\{.*?\}\}", re.S)
_SEPARATORS = {"&&", "||", ";", "|", "&", "(", ")", "{", "}", "!"}
_HEREDOC = re.compile(r"<<-?\s*(['\"]?)(\w+)\1")


def load(name: str) -> dict[str, Any]:
    return load_file(WORKFLOWS / name)


def load_file(path: Path) -> dict[str, Any]:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def steps(workflow: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for job in workflow["jobs"].values():
        yield from job["steps"]


def commands(script: str) -> list[list[str]]:
    """Each `pipedrive-reconciler ...` command line of a shell script, as its arguments.

    `${{ }}` expressions become a placeholder word, backslash-newline continuations are
    joined, here-documents (another language's text) are skipped, and redirections, pipes
    and `&&`/`||`/`;` lists are taken apart."""
    text = _EXPRESSION.sub("PLACEHOLDER", script).replace("\\\n", " ")
    found = []
    for line in _without_heredocs(text.splitlines()):
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


def _without_heredocs(lines: list[str]) -> Iterator[str]:
    delimiter = None
    for line in lines:
        if delimiter is not None:
            if line.strip() == delimiter:
                delimiter = None
            continue
        heredoc = _HEREDOC.search(line)
        if heredoc:
            delimiter = heredoc.group(2)
        yield line


def parse_command(args: list[str]) -> click.Context:
    """Parse like `main(args)` would, up to (not including) running the command."""
    _register()
    group = cli.make_context("pipedrive-reconciler", list(args), resilient_parsing=True)
    command = cli.get_command(group, args[0])
    assert command is not None, f"no command {args[0]!r}"
    return command.make_context(args[0], list(args[1:]), parent=group)


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


ACTION = ROOT / "action.yml"
OWN_ACTION = "pipedrive-reconciler/pipedrive-reconciler"
_USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(\S+)(?:\s+#\s*(.*))?$")


def uses_lines(path: Path) -> list[tuple[str, str | None]]:
    """Every `uses:` of a workflow or action file with its trailing comment (YAML drops it)."""
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _USES.match(line)
        if match:
            found.append((match.group(1), match.group(2)))
    return found


def action_command_lines() -> dict[str, list[str]]:
    """The command line action.yml runs for each command; `${extra[@]}` is where args go."""
    action = load_file(ACTION)
    (run,) = [s["run"] for s in action["runs"]["steps"] if s.get("id") == "run"]
    return {words[0]: words for words in commands(run)}


def action_step_command(step: dict[str, Any]) -> list[str]:
    """What a workflow step using this project's action makes it run, args in place."""
    inputs = step["with"]
    args = shlex.split(_EXPRESSION.sub("PLACEHOLDER", str(inputs.get("args", ""))))
    config = _EXPRESSION.sub("PLACEHOLDER", str(inputs.get("config", "config")))
    line = action_command_lines()[inputs["command"]]
    out: list[str] = []
    for word in line:
        if word == "${extra[@]}":
            out.extend(args)
        else:
            out.append(config if word == "$CONFIG" else word)
    return out


def heredocs(script: str) -> list[str]:
    """The bodies of a script's here-documents (the Python a CI job runs, say)."""
    bodies, current, delimiter = [], [], None
    for line in script.splitlines():
        if delimiter is None:
            heredoc = _HEREDOC.search(line)
            delimiter = heredoc.group(2) if heredoc else None
        elif line.strip() == delimiter:
            bodies.append("\n".join(current) + "\n")
            current, delimiter = [], None
        else:
            current.append(line)
    return bodies
