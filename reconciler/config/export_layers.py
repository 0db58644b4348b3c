"""`export --update --env NAME`: write each value where it is defined.

The config of an environment is two layers, the base files every environment shares and
`environments/NAME.yaml`, merged as `config.environments` merges them. Bringing it up to date
with that environment's company writes:
- a value the environment file sets into the environment file, and one only the base sets
  into the base (it is shared: the next plan of every other environment shows it);
- `id:` pins into the environment file, since ids differ from company to company;
- objects new in the company into the environment file (appended there, as a merge appends
  them), and an object only the environment file declares out of it when it is gone.

What an environment file cannot say is refused, naming each object, and nothing is written:
an object the base declares that is gone from the company, or renamed in it (environment
objects merge into the base's by name). A different stage order is noted and left as it is,
since an environment file cannot reorder the base's stages.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from reconciler import kinds
from reconciler.config.environments import MERGE_KEYS
from reconciler.config.export import Item, worth_exporting
from reconciler.config.export_files import ConfigFile
from reconciler.config.export_yaml import to_commented
from reconciler.errors import ReconcilerError
from reconciler.state import LiveState

_MISSING = object()
# Keys that are lists of named objects inside an object, merged by name: synced as layers.
# The lists of named objects inside a section's entries (a pipeline's stages).
_NESTED = {s.name: tuple(path[0] for path in s.nested_merge) for s in kinds.SECTIONS}


class Layered(MutableMapping[str, Any]):
    """One object as the merge sees it: `base` (or None) with `over` merged on top.

    Reads give the merged value; writes go to the layer that defines the key (see the module
    docstring). `ensure_over` makes this object's node in the environment file on demand.
    """

    def __init__(
        self,
        base: CommentedMap | None,
        over: CommentedMap | None,
        ensure_over: Callable[[], CommentedMap],
        merge_key: str,
        problems: list[str],
    ) -> None:
        self.base, self.over = base, over
        self._ensure = ensure_over
        self.merge_key = merge_key
        self._problems = problems

    def ensure_over(self) -> CommentedMap:
        if self.over is None:
            self.over = self._ensure()
        return self.over

    def _layer(self, layer: CommentedMap | None, key: str) -> Any:
        return layer.get(key, _MISSING) if layer is not None else _MISSING

    def __getitem__(self, key: str) -> Any:
        over, base = self._layer(self.over, key), self._layer(self.base, key)
        if isinstance(over, CommentedMap) and isinstance(base, CommentedMap):
            return Layered(base, over, lambda: over, "", self._problems)
        if over is not _MISSING:
            return over
        if base is not _MISSING:
            return base
        raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        return any(layer is not None and key in layer for layer in (self.over, self.base))

    def __setitem__(self, key: str, value: Any) -> None:
        if key == self.merge_key and self.base is not None:
            self._problems.append(
                f"'{self.base.get(key)}' is named '{value}' in this company; an environment "
                "file cannot rename what the base config declares"
            )
        elif self.over is not None and key in self.over:
            self.over[key] = value
        elif key == "id" or self.base is None:
            self.ensure_over()[key] = value
        else:
            self.base[key] = value

    def __delitem__(self, key: str) -> None:
        if self.over is not None and key in self.over:
            if self.base is not None and key in self.base:
                self.over[key] = None  # hides the base's value, as a merge reads it
            else:
                del self.over[key]
        elif self.base is not None:
            del self.base[key]

    def __iter__(self) -> Iterator[str]:
        seen = list(self.base or ())
        yield from seen
        yield from (key for key in self.over or () if key not in seen)

    def __len__(self) -> int:
        return sum(1 for _ in self)


@dataclass
class Overlay:
    """The environment file being updated (`file.doc` is its ruamel document)."""

    file: ConfigFile
    problems: list[str]

    def section(self, name: str, create: bool) -> CommentedSeq | None:
        if not isinstance(self.file.doc, CommentedMap):
            if not create:
                return None
            self.file.doc = CommentedMap()
        seq = self.file.doc.get(name)
        if not isinstance(seq, list) and create:
            seq = self.file.doc[name] = to_commented([])
        return seq if isinstance(seq, CommentedSeq) else None

    def refuse_if_needed(self, env_label: str) -> None:
        if self.problems:
            lines = "\n".join(f"  - {problem}" for problem in self.problems)
            raise ReconcilerError(
                f"export --update cannot bring {env_label} up to date without changing what "
                f"every environment shares; nothing was written:\n{lines}\n"
                "Change the base config by hand, or run export --update without --env "
                "against the company the base config describes."
            )


@dataclass
class _Scope:
    """A list of named objects at one place: the section, or a pipeline's stages."""

    label: str  # "pipelines", "stages of 'Sales'"
    merge_key: str
    base: list[CommentedMap]
    over: Callable[[bool], CommentedSeq | None]  # the environment's list (made when True)
    section: str | None  # None for a list inside an object


SyncMap = Callable[[MutableMapping[str, Any], Item], None]
Pair = Callable[[list[Any], list[Item]], dict[int, Item]]


@dataclass
class LayeredUpdate:
    """One update of a config and its environment file; `sync_map` and `pair` are
    export_update's, so both layers follow the same rules as a plain update."""

    overlay: Overlay
    live: LiveState
    sync_map: SyncMap
    pair: Pair
    messages: list[str]

    def section(self, section: str, base_seqs: list[CommentedSeq], items: list[Item]) -> None:
        """Update one section across both layers (see the module docstring)."""
        base = [n for seq in base_seqs for n in seq if isinstance(n, CommentedMap)]
        merge_key = MERGE_KEYS.get((section,), "name")
        over = functools.partial(self.overlay.section, section)
        self._scope(_Scope(section, merge_key, base, over, section), items)

    def _scope(self, scope: _Scope, items: list[Item]) -> None:
        objects = self._layered(scope)
        pairs = self.pair(objects, items)
        for obj in objects:
            item = pairs.get(id(obj))
            if item is None:
                self._gone(scope, obj)
                continue
            nested = _NESTED.get(scope.section or "", ())
            self.sync_map(obj, {k: v for k, v in item.items() if k not in nested})
            for key in nested:
                if key in item and key in obj:
                    self._nested(obj, key, item[key])
        position = {id(item): index for index, item in enumerate(items)}
        order = [position[id(pairs[id(obj)])] for obj in objects if id(obj) in pairs]
        if order != sorted(order) and scope.section is None:
            self.messages.append(
                f"Note: the {scope.label} are in another order in this company; an "
                "environment file cannot reorder the base's, so the config keeps its order"
            )
        taken = {id(item) for item in pairs.values()}
        for item in items:
            new = id(item) not in taken
            if new and (scope.section is None or worth_exporting(scope.section, item, self.live)):
                self._target(scope).append(to_commented(item))
                self.messages.append(f"Added {_describe(scope, item)} to {self._path}")

    def _layered(self, scope: _Scope) -> list[Layered]:
        """The merged list: the base's objects (each with its environment node, if any),
        then those only the environment file declares."""
        over_by_key = {
            n[scope.merge_key]: n
            for n in scope.over(False) or ()
            if isinstance(n, CommentedMap) and scope.merge_key in n
        }
        objects = [
            self._object(scope, node, over_by_key.pop(node.get(scope.merge_key), None))
            for node in scope.base
        ]
        return objects + [self._object(scope, None, node) for node in over_by_key.values()]

    def _object(self, scope: _Scope, base: CommentedMap | None, over: Any) -> Layered:
        key = (base if base is not None else over).get(scope.merge_key)

        def ensure() -> CommentedMap:
            node = CommentedMap({scope.merge_key: key})
            self._target(scope).append(node)
            return node

        return Layered(base, over, ensure, scope.merge_key, self.overlay.problems)

    def _gone(self, scope: _Scope, obj: Layered) -> None:
        if obj.base is not None:
            self.overlay.problems.append(
                f"{_describe(scope, obj)} is gone from this company; an environment file "
                "cannot remove what the base config declares"
            )
            return
        seq = scope.over(False)
        if seq is not None and obj.over in seq:
            seq.remove(obj.over)
            self.messages.append(f"Removed {_describe(scope, obj)} from {self._path}: gone")

    def _nested(self, parent: Layered, key: str, items: list[Item]) -> None:
        base_seq = parent.base.get(key) if parent.base is not None else None
        base = [n for n in base_seq or () if isinstance(n, CommentedMap)]

        def over_seq(create: bool) -> CommentedSeq | None:
            node = parent.ensure_over() if create else parent.over
            if node is not None and create and not isinstance(node.get(key), list):
                node[key] = to_commented([])
            seq = node.get(key) if node is not None else None
            return seq if isinstance(seq, CommentedSeq) else None

        label = f"{key} of '{parent.get(parent.merge_key)}'"
        merge_key = MERGE_KEYS.get(("pipelines", key), "name")
        self._scope(_Scope(label, merge_key, base, over_seq, None), items)

    def _target(self, scope: _Scope) -> CommentedSeq:
        seq = scope.over(True)
        assert seq is not None  # made on request
        return seq

    @property
    def _path(self) -> Path:
        return self.overlay.file.path


def _describe(scope: _Scope, obj: Any) -> str:
    return f"'{obj.get(scope.merge_key)}' ({scope.label})"
