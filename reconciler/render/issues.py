"""Config problems for machines: a JSON document, or GitHub workflow-command annotations.

`github` writes one `::error file=F,line=L,col=C::message` line per problem, which GitHub
Actions shows on the pull request's diff at that place. Values are escaped as GitHub's
toolkit does (`@actions/core` command.ts): in the message `%`, CR and LF; in a property
also `:` and `,`. A problem whose file does not exist (a mistyped PATH) is a plain
`::error::`, since GitHub cannot place it.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence

from reconciler.errors import ConfigIssue

ISSUES_FORMAT_VERSION = 1


def issues_to_json(issues: Sequence[ConfigIssue], files: Sequence[str] = ()) -> str:
    """`{"format_version": 1, "valid": bool, "files": [...], "issues": [{file, line,
    column, message}]}`, issues in file/line/column order."""
    document = {
        "format_version": ISSUES_FORMAT_VERSION,
        "valid": not issues,
        "files": list(files),
        "issues": [
            {"file": i.file, "line": i.line, "column": i.column, "message": i.message}
            for i in issues
        ],
    }
    return json.dumps(document, indent=2) + "\n"


def issues_to_github(issues: Sequence[ConfigIssue], existing: Collection[str]) -> str:
    """`existing`: the files among the issues' that exist, which GitHub can annotate."""
    lines = []
    for issue in issues:
        if issue.file in existing:
            place = f"file={_property(issue.file)},line={issue.line},col={issue.column}"
            lines.append(f"::error {place}::{_data(issue.message)}")
        else:
            lines.append(f"::error::{_data(f'{issue.file}: {issue.message}')}")
    return "".join(line + "\n" for line in lines)


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
