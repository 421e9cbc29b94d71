"""Expert reviews: load review files, check them, and apply them to evidence before scoring.

A review file (YAML, written by hand or downloaded from a submission page) lists decisions:

    reviews:
      - submission: qingchuan-2025
        indicator: F1.1
        level: quantified            # none | mention | substantive | quantified
        reason: 案件数量已在第二部分写明
        reviewer: 评审组二
        date: 2026-03-02             # optional
        text_sha256: 3f5a…           # optional: the text the review was written for (pages write it)

The engine's level is replaced by the expert's on the evidence itself, so every later stage
(weights, profiles, components, sensitivity, the weights page) sees the reviewed level without
knowing reviews exist, and `rescore` applies them without reading any text. The evidence keeps
each changed level's machine value beside the review (`Evidence.reviews`), for the results and
the pages. A review written for another version of the text is stale: reported, not applied.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path

from .models import Evidence, Level, Review, Submission
from .results import StaleReview
from .rubric import Rubric
from .yamlio import LineDict, LineList, RubricError, load_yaml

FIELDS = ("submission", "indicator", "level", "reason", "reviewer", "date", "text_sha256")
REQUIRED = ("submission", "indicator", "level", "reason", "reviewer")
FIELD_ZH = {"submission": "材料编号", "indicator": "指标编号", "level": "等级", "reason": "理由", "reviewer": "评审人"}
SUFFIXES = (".yaml", ".yml")


class ReviewError(ValueError):
    """A problem in a review file, located by file and line (the CLI exits 2)."""

    def __init__(self, path: str | Path, line: int | None, message: str):
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Entry:
    """One checked review, with where it was written."""

    submission: str
    indicator: str
    level: Level
    reason: str
    reviewer: str
    date: str
    text_sha256: str
    path: str
    line: int

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass
class Stale:
    entry: Entry
    text_sha256: str  # of the text scored now


@dataclass
class ReviewSet:
    """The reviews that apply to a run, and those written for another version of a text."""

    entries: list[Entry] = field(default_factory=list)
    stale: list[Stale] = field(default_factory=list)

    def __bool__(self) -> bool:  # something to apply
        return bool(self.entries)


def review_files(path: Path) -> list[Path]:
    """A file as given, or every .yaml/.yml file under a folder, in a fixed order."""
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
                      and not any(part.startswith(".") for part in p.relative_to(path).parts))
    if path.is_file():
        return [path]
    raise FileNotFoundError(f"{path}: 找不到评审意见文件或文件夹")


def _text(value) -> str | None:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value).strip()
    return None


def _entry(path: Path, item, line: int, rubric: Rubric, known: set[str]) -> Entry:
    if not isinstance(item, LineDict):
        raise ReviewError(path, line, "每条评审意见应为映射（submission、indicator、level、reason、reviewer）")

    def at(key: str) -> int:
        return item.key_lines.get(key, item.line or line)

    unknown = [k for k in item if k not in FIELDS]
    if unknown:
        raise ReviewError(path, at(unknown[0]), f"未知字段 {unknown[0]}（可用字段：{'、'.join(FIELDS)}）")
    values: dict[str, str] = {}
    for key in FIELDS:
        if key not in item or item[key] is None:
            continue
        text = _text(item[key])
        if text is None:
            raise ReviewError(path, at(key), f"{key} 应为文字，而不是 {type(item[key]).__name__}")
        values[key] = text
    for key in REQUIRED:
        if not values.get(key):
            raise ReviewError(path, item.line or line, f"缺少{FIELD_ZH[key]} {key}（每条评审意见都必须写明）")
    if values["submission"] not in known:
        raise ReviewError(path, at("submission"), f"本次评分中没有编号为 {values['submission']} 的材料")
    try:
        rubric.indicator(values["indicator"])
    except KeyError:
        raise ReviewError(path, at("indicator"), f"评分方案中没有三级指标 {values['indicator']}") from None
    if values["level"] not in Level.__members__:
        raise ReviewError(path, at("level"), f"等级 {values['level']} 无效，应为 {' | '.join(Level.__members__)}")
    date = values.get("date", "")
    if date:
        try:
            dt.date.fromisoformat(date)
        except ValueError:
            raise ReviewError(path, at("date"), f"日期 {date} 无效，应写成 2026-03-02") from None
    return Entry(values["submission"], values["indicator"], Level[values["level"]], values["reason"],
                 values["reviewer"], date, values.get("text_sha256", "").lower(), str(path), item.line or line)


def _load_file(path: Path, rubric: Rubric, known: set[str]) -> list[Entry]:
    try:
        data = load_yaml(path)
    except RubricError as exc:  # the same located YAML errors, under this file's name
        raise ReviewError(exc.path, exc.line, exc.message) from None
    if data is None:
        return []
    if not isinstance(data, LineDict) or set(data) - {"reviews"}:
        raise ReviewError(path, getattr(data, "line", 1) or 1, "顶层应为 reviews: 后接评审意见列表")
    items = data.get("reviews")
    if items is None:
        return []
    if not isinstance(items, LineList):
        raise ReviewError(path, data.key_lines["reviews"], "reviews 应为列表（每条以 - 开头）")
    return [_entry(path, item, line, rubric, known) for item, line in zip(items, items.item_lines)]


def load_reviews(path: Path | None, rubric: Rubric, submissions: list[Submission]) -> ReviewSet:
    """Every review under `path`, checked against the run's submissions and the rubric.

    Raises ReviewError (file:line) for an unknown submission or indicator, a bad level, a
    missing reason or reviewer, or two reviews of the same indicator that disagree. Reviews
    whose `text_sha256` is not the text scored now are returned as stale.
    """
    if path is None:
        return ReviewSet()
    texts = {s.id: s.sha256 for s in submissions}
    out = ReviewSet()
    seen: dict[tuple[str, str], Entry] = {}
    for file in review_files(Path(path)):
        for e in _load_file(file, rubric, set(texts)):
            if e.text_sha256 and texts[e.submission] and e.text_sha256 != texts[e.submission]:
                out.stale.append(Stale(e, texts[e.submission]))
                continue
            if not e.text_sha256:  # remember the text it was first applied to, for the run's own copy
                e = replace(e, text_sha256=texts[e.submission])
            key = (e.submission, e.indicator)
            if key in seen:
                if (seen[key].level, seen[key].reason, seen[key].reviewer) == (e.level, e.reason, e.reviewer):
                    continue  # the same decision given twice (a file copied into the folder) is one decision
                raise ReviewError(e.path, e.line, f"{e.submission} 的 {e.indicator} 已在 {seen[key].where} 评审过，"
                                                  "两处意见不一致；请保留一处")
            seen[key] = e
            out.entries.append(e)
    return out


def apply_reviews(evidence: list[Evidence], reviews: ReviewSet) -> list[Evidence]:
    """The evidence with each reviewed indicator at the expert's level.

    A review that agrees with the engine changes nothing and is not recorded: results show a
    review only where an expert changed the engine's level.
    """
    by_submission: dict[str, dict[str, Entry]] = {}
    for e in reviews.entries:
        by_submission.setdefault(e.submission, {})[e.indicator] = e
    out = []
    for ev in evidence:
        mine = by_submission.get(ev.submission_id)
        if not mine:
            out.append(ev)
            continue
        # Extraction gives every indicator of the rules an entry (none included), so each review finds its own.
        indicators, applied = [], []
        for ind in ev.indicators:
            e = mine.get(ind.id)
            if e is None or e.level == ind.level:
                indicators.append(ind)
                continue
            indicators.append(ind.model_copy(update={"level": e.level}))
            applied.append(Review(indicator=e.indicator, machine_level=ind.level, level=e.level, reason=e.reason,
                                  reviewer=e.reviewer, date=e.date))
        out.append(ev.model_copy(update={"indicators": indicators, "reviews": sorted(applied, key=lambda r: r.indicator)}))
    return out



REVIEWS_FILE = "reviews.yaml"  # the reviews a run applied, kept beside its outputs for rescore


def reviews_yaml(reviews: ReviewSet, header: str = "") -> str:
    """The applied reviews as one review file: what `--reviews` reads back to the same decisions."""
    import yaml

    items = []
    # Stale reviews too: they carry the text they were written for, so reading the copy back sets
    # them aside again and a rescore keeps reporting them instead of forgetting them.
    for e in [*reviews.entries, *(st.entry for st in reviews.stale)]:
        item = {"submission": e.submission, "indicator": e.indicator, "level": e.level.name, "reason": e.reason,
                "reviewer": e.reviewer}
        if e.date:
            item["date"] = e.date
        if e.text_sha256:
            item["text_sha256"] = e.text_sha256
        items.append(item)
    comment = "".join(f"# {line}\n" for line in header.splitlines())
    return comment + yaml.safe_dump({"reviews": items}, allow_unicode=True, sort_keys=False, width=4096)


def stale_records(reviews: ReviewSet) -> list[StaleReview]:
    """The reviews set aside as written for another text, as results.json lists them."""
    return [StaleReview(submission=st.entry.submission, indicator=st.entry.indicator, level=st.entry.level.name,
                        reviewer=st.entry.reviewer, file=st.entry.path, line=st.entry.line,
                        text_sha256=st.entry.text_sha256, current_sha256=st.text_sha256) for st in reviews.stale]


@dataclass
class Tally:
    """How often experts changed the engine on one indicator: the rubric owner's list of rules to fix."""

    indicator: str
    raised: int = 0
    lowered: int = 0
    moves: dict[tuple[str, str], int] = field(default_factory=dict)  # (engine level, expert level) -> count
    submissions: list[str] = field(default_factory=list)
    reasons: list[tuple[str, str]] = field(default_factory=list)  # (submission, the expert's reason)

    @property
    def changed(self) -> int:
        return self.raised + self.lowered


def tally(results) -> list[Tally]:
    """Per indicator, the reviews that changed a level in `results` (scorer.results.Results),
    most changed first."""
    out: dict[str, Tally] = {}
    for s in results.submissions:
        for ind in s.indicators:
            if ind.review is None or ind.machine_level is None:
                continue
            t = out.setdefault(ind.id, Tally(ind.id))
            if Level[ind.level] > Level[ind.machine_level]:
                t.raised += 1
            else:
                t.lowered += 1
            move = (ind.machine_level, ind.level)
            t.moves[move] = t.moves.get(move, 0) + 1
            t.submissions.append(s.id)
            t.reasons.append((s.id, ind.review.reason))
    return sorted(out.values(), key=lambda t: (-t.changed, t.indicator))
