"""Front matter (a YAML block between --- lines) read safely: one bad header is one ReadError.

Submissions come from outside, so their YAML is bounded: aliases are refused (anchors expanding
to a billion items), nesting is limited (a list 1,000 deep), dates stay text (PyYAML would raise
on 2025-02-30 outside its own error type), and the fields the engine uses must be plain values.
"""

from __future__ import annotations

import datetime
import math
import re

import yaml

from .errors import ReadError

FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.S)
MAX_DEPTH = 20
# Fields the engine reads; each must be a plain value (text or number), not a list or mapping.
SCALAR_FIELDS = ("id", "title", "group", "region", "author", "date", "year")
_DATE_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})")


class _Loader(yaml.SafeLoader):
    """SafeLoader without aliases, with bounded nesting, and with timestamps kept as text."""

    _depth = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise yaml.composer.ComposerError(None, None, "不允许使用 YAML 别名（*名称）", self.peek_event().start_mark)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise yaml.composer.ComposerError(None, None, f"嵌套超过 {MAX_DEPTH} 层", self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


_Loader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)


def parse_front_matter(block: str) -> dict:
    """The mapping in a front-matter block, or ReadError with the line and a Chinese reason."""
    try:
        meta = yaml.load(block, Loader=_Loader) or {}  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"第 {mark.line + 2} 行" if mark is not None else ""
        problem = exc.problem if exc.problem and re.search(r"[\u4e00-\u9fff]", exc.problem) else ""
        raise ReadError(f"文件头（front matter）YAML 有误{where}" + (f"：{problem}" if problem else "")) from None
    except Exception:  # noqa: BLE001 - PyYAML's constructors raise IndexError, binascii.Error, ...
        raise ReadError("文件头（front matter）YAML 有误，无法解析") from None
    if not isinstance(meta, dict):
        raise ReadError("文件头（front matter）应为 键: 值 形式")
    for key in SCALAR_FIELDS:
        value = meta.get(key)
        if isinstance(value, (dict, list, set)):
            raise ReadError(f"文件头中的 {key} 应为一个值（文字或数字），而不是{'列表' if isinstance(value, list) else '映射'}")
        if isinstance(value, float) and not math.isfinite(value):
            raise ReadError(f"文件头中的 {key} 不是有效的值（{value}）")
    _check_date(meta.get("date"))
    return meta


def _check_date(value) -> None:
    m = _DATE_RE.match(str(value)) if value not in (None, "") else None
    if m is None:
        return
    try:
        datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise ReadError(f"文件头中的 date “{value}” 不是有效日期（应为 年-月-日，如 2025-03-31）") from None


def split_front_matter(text: str) -> tuple[dict, str]:
    m = FRONT_MATTER_RE.match(text)
    if not m:
        return {}, text
    return parse_front_matter(m.group(1)), text[m.end():]
