"""Snapshot the evidence of a fixed corpus and compare later code against it: a guard for changes
that must make extraction faster without changing what it finds.

    python -m scorer.bench.evidence_check write DIR     # before the change
    python -m scorer.bench.evidence_check compare DIR   # after each step: prints every difference

The corpus: the shared compilation split into its reports, every text of ../shared/wild/texts,
the samples in submissions/, and 300 synthetic submissions from the scale bench. What is compared
is everything extraction decides (levels, passages with quotes, offsets, terms, headings and
reasons, problems), not the hashes that name the code (the rules hash covers detectors.py).
Prints figures and differences; asserts nothing, exits 1 when something differs.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..ingest import read_inputs
from ..match import CompiledRules
from ..extract import extract
from ..rubric import load_rubric
from .scale import paragraphs_of, synthesise
from .seed import PROJECT, SHARED, split_seed

SYNTHETIC = 300


def corpora() -> dict[str, list]:
    seed = split_seed()
    wild, _ = read_inputs([SHARED / "wild" / "texts"])
    samples, _ = read_inputs([PROJECT / "submissions"])
    return {"seed": seed, "wild": sorted(wild, key=lambda s: s.id), "samples": sorted(samples, key=lambda s: s.id),
            "synthetic": synthesise(SYNTHETIC, paragraphs_of(seed))}


def evidence_of(subs, rubric, rules) -> dict[str, dict]:
    out = {}
    for sub in subs:
        ev = extract(sub, rubric, rules).model_dump(mode="json")
        out[sub.id] = {"indicators": ev["indicators"], "problems": ev["problems"]}
    return out


def _differences(name: str, before: dict, after: dict) -> list[str]:
    lines = []
    for sid in sorted(set(before) | set(after)):
        a, b = before.get(sid), after.get(sid)
        if a == b:
            continue
        if a is None or b is None:
            lines.append(f"{name}/{sid}: {'新增' if a is None else '缺少'}")
            continue
        for ia, ib in zip(a["indicators"], b["indicators"]):
            if ia != ib:
                lines.append(f"{name}/{sid}/{ia['id']}: 之前 {json.dumps(ia, ensure_ascii=False)}\n"
                             f"    之后 {json.dumps(ib, ensure_ascii=False)}")
        if a["problems"] != b["problems"]:
            pa = {json.dumps(p, ensure_ascii=False) for p in a["problems"]}
            pb = {json.dumps(p, ensure_ascii=False) for p in b["problems"]}
            lines.append(f"{name}/{sid}/问题: 仅之前 {sorted(pa - pb)}；仅之后 {sorted(pb - pa)}")
    return lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["write", "compare"])
    parser.add_argument("folder", type=Path)
    args = parser.parse_args(argv)
    rubric = load_rubric()
    rules = CompiledRules(rubric.indicators)
    differences = []
    for name, subs in corpora().items():
        current = evidence_of(subs, rubric, rules)
        path = args.folder / f"{name}.json"
        if args.action == "write":
            args.folder.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(current, ensure_ascii=False, sort_keys=True), encoding="utf-8")
            print(f"{name}: {len(current)} 份材料的证据已写入 {path}")
        else:
            found = _differences(name, json.loads(path.read_text(encoding="utf-8")), current)
            differences += found
            print(f"{name}: {len(current)} 份材料，{len(found)} 处不同")
    for line in differences:
        print(line)
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
