"""The run's CSV tables, written from its ScoreTable: scores.csv (a row per submission),
gaps.csv (a row per gap) and indicators.csv (a row per indicator: what each expects and its
maximum under this weighting, once rather than on each of a million gap rows); and results.json.

A spreadsheet opens them as text (utf-8-sig, formula starts quoted). The cells are what pandas
writes for the same rows (tests/unit/test_tables.py checks byte for byte), built as text directly:
a re-weighting of 10,000 submissions writes about a million gap rows.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

from .results import ResultsRecord
from .results_file import write_results
from .rubric import Rubric
from .models import LEVEL_NAMES
from .score import ScoreTable

GAP_COLUMNS = ["id", "rank", "indicator", "name", "code", "level", "points_lost"]
INDICATOR_COLUMNS = ["indicator", "name", "code", "max", "expects"]


def scores_columns(results: ResultsRecord, table: ScoreTable) -> dict[str, list]:
    """scores.csv's columns: a row per submission, in rank order; areas and the codes' catalogue
    levels taken from the table a column at a time."""
    subs = results["submissions"]
    rows = [table.row[s["id"]] for s in subs]
    cols = {key: [s[key] for s in subs] for key in ("id", "title", "group", "region", "total", "rank", "group_rank")}
    cols["band"] = [s["band"] or "" for s in subs]
    if any(s["composite"] is not None for s in subs):
        cols["composite"] = [s["composite"] for s in subs]
        for name in dict.fromkeys(k for s in subs for k in (s["components"] or {})):
            cols[f"component_{name}"] = [(s["components"] or {}).get(name) for s in subs]
    if any(s["rank_interval"] for s in subs):
        cols["rank_lo"] = [s["rank_interval"][0] if s["rank_interval"] else None for s in subs]
        cols["rank_hi"] = [s["rank_interval"][1] if s["rank_interval"] else None for s in subs]
    area, levels = table.area[rows].T.tolist(), table.code_level[rows].T.tolist()
    cols.update({f"area_{a}": area[j] for j, a in enumerate(table.areas)})
    cols.update({f"level_{c}": levels[j] for j, c in enumerate(table.code_ids)})
    return cols


def gaps_csv(results: ResultsRecord, table: ScoreTable, rubric: Rubric) -> Iterator[str]:
    """gaps.csv as text, a submission's lines at a time: every gap of every submission, in rank
    order, most points lost first, in GAP_COLUMNS. A line is the submission's cells and a tail
    (indicator, name, code, level, points lost) that recurs across the run: each tail is made once
    (a run of 10,000 has a million gaps and a few thousand distinct tails)."""
    middle = [f"{_cell(ind.id)},{_cell(ind.name)},{_cell(ind.code)}," for ind in rubric.indicators]
    tails: dict[tuple[int, int, float], str] = {}
    yield ",".join(_csv_field(c) for c in GAP_COLUMNS) + "\n"
    for s in results["submissions"]:
        k = table.row[s["id"]]
        cols = table.gaps(k)
        if not len(cols):
            continue
        line = []
        for key in zip(cols.tolist(), table.levels[k, cols].tolist(), table.lost[k, cols].tolist()):
            tail = tails.get(key)
            if tail is None:
                j, level, lost = key
                tail = tails[key] = f"{middle[j]}{LEVEL_NAMES[level]},{lost!r}\n"
            line.append(tail)
        head = f"{_cell(s['id'])},{s['rank']},"
        yield head + head.join(line)


def indicators_rows(results: ResultsRecord, table: ScoreTable) -> list[dict]:
    return [{"indicator": i.id, "name": i.name, "code": i.code, "max": m, "expects": i.expects}
            for i, m in zip(results["indicators"], table.maxima.tolist())]


def write_indicator_tables(results: ResultsRecord, table: ScoreTable, rubric: Rubric, folder: Path) -> None:
    """The files with a figure per submission and indicator: results.json, gaps.csv, and
    indicators.csv, which they refer to (the larger part of a weighting's files: what a second
    process writes while this one writes scores.csv, the index and the weights page)."""
    write_results(folder / "results.json", results, table, rubric)
    # utf-8-sig so that Excel opens the Chinese columns correctly on a double click.
    (folder / "indicators.csv").write_text(csv_text(indicators_rows(results, table), INDICATOR_COLUMNS),
                                           encoding="utf-8-sig")
    with open(folder / "gaps.csv", "w", encoding="utf-8-sig") as fh:  # a submission's lines at a time
        fh.writelines(gaps_csv(results, table, rubric))


def write_scores(results: ResultsRecord, table: ScoreTable, folder: Path) -> None:
    """scores.csv: a row per submission."""
    (folder / "scores.csv").write_text(csv_columns(scores_columns(results, table)), encoding="utf-8-sig")


# A spreadsheet reads a cell starting with one of these as a formula (=HYPERLINK(...), +1+1, @SUM).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def csv_cell(value):
    """A text cell a spreadsheet shows as text: control characters removed, a formula start quoted.

    The leading apostrophe is what spreadsheets themselves use to mark "text, not a formula".
    """
    if not isinstance(value, str):
        return value
    value = _CONTROL.sub("", value)
    return "'" + value if value.startswith(_FORMULA_START) else value


def _cell(text: str) -> str:
    return _csv_field(csv_cell(text))


def _csv_field(text: str) -> str:
    """`text` as the csv module writes it in a row (quoted only when it must be)."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow([text, ""])
    return buf.getvalue()[:-2]


def csv_text(rows: list[dict], columns: list[str] | None = None) -> str:
    """scores.csv, gaps.csv or sensitivity.csv as text: what pandas wrote for these rows
    (`DataFrame(rows, columns=columns).to_csv(index=False)`, text cells through csv_cell), built
    directly, since a re-weighting writes about a million cells per 10,000 submissions. Columns are
    the rows' keys in order of first appearance unless given; a column of numbers with a missing
    cell is a float column, as in pandas (3 is written 3.0, the missing cell empty).
    tests/unit/test_tables.py checks it against pandas byte for byte."""
    if columns is None:
        columns = list(dict.fromkeys(k for row in rows for k in row))
    return csv_columns({c: [row.get(c) for row in rows] for c in columns})


def csv_columns(columns: dict[str, list]) -> str:
    """csv_text for a table given column by column (equal lengths; None is a missing cell)."""
    if not columns:
        return "\n"  # what pandas writes for a frame without columns
    cells_by_col = []
    for col in columns.values():
        kinds = set(map(type, col))
        if kinds == {float}:
            cells_by_col.append(list(map(repr, col)))
            continue
        kinds.discard(type(None))
        if kinds and all(issubclass(k, (int, float)) and not issubclass(k, bool) for k in kinds):
            as_float = None in col or any(issubclass(k, float) for k in kinds)
            fmt = (lambda v: repr(float(v))) if as_float else str
            cells_by_col.append(["" if v is None else fmt(v) for v in col])
            continue
        # Names, codes and expectations repeat on every row: each distinct value is made safe and
        # quoted once, then looked up.
        cell = {v: "" if v is None else _csv_field(csv_cell(v) if isinstance(v, str) else str(v)) for v in set(col)}
        cells_by_col.append(list(map(cell.__getitem__, col)))
    lines = [",".join(_csv_field(c) for c in columns)]
    if len(columns) == 1:  # a row of one empty field is written "" so that it is not a blank line
        lines.extend(cell or '""' for cell in cells_by_col[0])
    else:
        lines.extend(",".join(row) for row in zip(*cells_by_col))
    return "\n".join(lines) + "\n"
