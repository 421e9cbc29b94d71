"""YAML loading that remembers where every value came from.

Rubric owners edit YAML by hand, so every error must name the file and the line. PyYAML's
node marks carry the line; we keep them beside the plain values and map a pydantic error
location (a path of keys and indices) back to the closest line.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import yaml


class RubricError(Exception):
    """A problem in a rubric, indicator or profile file, located by file and line."""

    def __init__(self, path: str | Path, line: int | None, message: str):
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")


class LineDict(dict):
    """A dict that knows the line of each key (1-based) and of itself."""

    line: int = 0
    key_lines: dict


class LineList(list):
    line: int = 0
    item_lines: list


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"重复的键 {key!r}", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def load_yaml(path: str | Path) -> Any:
    """Load one YAML file; syntax errors become RubricError with the line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RubricError(path, None, "文件不存在") from None
    except UnicodeDecodeError as exc:
        raise RubricError(path, None, f"不是 UTF-8 文本（{exc.reason}）") from None
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeConstructor only (CSafeLoader, else SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "YAML 语法错误"
        raise RubricError(path, line, f"YAML 语法错误：{problem}") from None


def line_of(data: Any, loc: tuple) -> int | None:
    """The line of the deepest node along `loc` that we can still locate."""
    line = getattr(data, "line", None) or None
    node = data
    for part in loc:
        if isinstance(node, LineDict) and part in node:
            line = node.key_lines.get(part, line)
            node = node[part]
        elif isinstance(node, LineList) and isinstance(part, int) and part < len(node):
            line = node.item_lines[part]
            node = node[part]
        else:
            break
        line = getattr(node, "line", None) or line
    return line


def describe_validation_error(path: str | Path, data: Any, exc) -> RubricError:
    """Turn the first pydantic error into a located RubricError in Chinese-first wording."""
    # An unknown field usually explains a "missing" one (a typo), so report it first.
    errors = sorted(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")
    err = errors[0]
    loc = tuple(err["loc"])
    field = ".".join(str(p) for p in loc) or "(顶层)"
    kind = err["type"]
    if kind == "missing":
        msg = f"缺少必填字段 {field}"
    elif kind == "extra_forbidden":
        msg = f"未知字段 {field}（拼写错误？）"
    else:
        # pydantic prefixes our own messages with "Value error, "; the user needs only ours.
        detail = err["msg"].removeprefix("Value error, ")
        msg = f"字段 {field} 无效：{detail}"
    return RubricError(path, line_of(data, loc), msg)


def check_weight(path: str | Path, line: int | None, label: str, value, *, negative_hint: str = "") -> None:
    """A weight or credit must be a finite non-negative number, not a string, a boolean, NaN or Inf.

    Checked on the YAML values before pydantic, which would quietly turn "2" or true into numbers
    and let .nan through to fail later inside the scoring arithmetic.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise RubricError(path, line, f"{label}应为数字，而不是 {value!r}")
    if math.isnan(value) or math.isinf(value):
        raise RubricError(path, line, f"{label}应为有限的数字，而不是 {value}")
    if value < 0:
        raise RubricError(path, line, f"{label}为负数（{value}）{negative_hint}")


def check_weight_sections(path: str | Path, data, sections, *, negative_hint: str = "") -> None:
    """check_weight for every `key: value` under each of `sections` of a weights or profile file."""
    if not isinstance(data, dict):
        return
    for section in sections:
        block = data.get(section)
        if block is None:
            continue
        if not isinstance(block, dict):
            line = getattr(data, "key_lines", {}).get(section) or line_of(data, (section,))
            raise RubricError(path, line, f"{section} 应为映射（编号: 权重）")
        for key, value in block.items():
            check_weight(path, line_of(data, (section, key)), f"{section} 中 {key} 的权重", value,
                         negative_hint=negative_hint)
