"""A tiny, self-contained rubric for the weights tests (profiles, sensitivity, components, page).

Tests of weights must not depend on the real indicator set, which is still being written: this
kit writes a rubric with three areas, five codes and six indicators into a temporary folder,
with fixed credits so that expected totals can be computed by hand.
"""

from __future__ import annotations

from pathlib import Path

import yaml

RUBRIC = {
    "version": "test.1",
    "name": "权重测试用评分方案",
    "levels": {
        "none": {"credit": 0.0, "name": "无证据"},
        "mention": {"credit": 0.25, "name": "一般提及"},
        "substantive": {"credit": 0.75, "name": "实质举措"},
        "quantified": {"credit": 1.0, "name": "量化成效"},
    },
    "groups": {g: {"name": n} for g, n in
               (("province", "省级"), ("city", "市级"), ("county", "县级"), ("township", "乡镇（街道）"),
                ("department", "部门"), ("other", "其他"))},
    "areas": {
        "D": {"name": "行政执法严格规范公正文明", "codes": {"D2": "行政执法三项制度", "D3": "行政裁量权基准"}},
        "F": {"name": "社会矛盾纠纷依法有效化解", "codes": {"F1": "行政复议", "F3": "调解仲裁与多元化解"}},
        "G": {"name": "行政权力制约监督科学有效", "codes": {"G4": "政务公开"}},
    },
}

EXAMPLES = {"none": ["全市新建城市公园12处。"], "mention": ["要加强这项工作。"],
            "quantified": ["全年完成相关工作86件。"]}


def _ind(id_, name, terms, concrete=()):
    return {"id": id_, "code": id_.split(".")[0], "name": name, "expects": f"{name}，并说明数量成效",
            "weight": 1, "match": [{"all": [terms]}], "concrete": list(concrete), "examples": EXAMPLES}


INDICATORS = {
    "D": [_ind("D2.1", "行政执法公示", ["执法公示", "公示平台"], ["公示平台"]),
          _ind("D2.2", "执法全过程记录", ["全过程记录", "执法记录仪"]),
          _ind("D3.1", "裁量基准", ["裁量基准", "裁量权基准"])],
    "F": [_ind("F1.1", "行政复议", ["行政复议", "复议案件"]),
          _ind("F3.1", "人民调解", ["人民调解", "调解组织"])],
    "G": [_ind("G4.1", "政务公开", ["政务公开", "政府信息公开"])],
}

# One sentence per indicator and level, checked by test_profiles to earn exactly that level.
SENTENCES = {
    "D2.1": {"mention": "要全面推行行政执法公示制度。",
             "quantified": "今年以来通过行政执法公示平台公开执法信息3200条。"},
    "D2.2": {"mention": "要落实执法全过程记录制度。",
             "quantified": "全年配备执法记录仪450台。"},
    "D3.1": {"mention": "要细化行政裁量权基准。",
             "quantified": "全年修订行政裁量权基准126项。"},
    "F1.1": {"mention": "要发挥行政复议化解行政争议的主渠道作用。",
             "quantified": "全年办结行政复议案件86件。"},
    "F3.1": {"mention": "要加强人民调解工作。",
             "quantified": "全年人民调解组织调处纠纷1280件。"},
    "G4.1": {"mention": "要深化政务公开。",
             "quantified": "全年通过政务公开专栏主动公开政府信息5600条。"},
}


def make_rubric(root: Path, areas: dict | None = None, codes: dict | None = None) -> tuple[Path, Path]:
    """Write rubric/ (rubric.yaml, weights.yaml, profiles/) and indicators/ under root."""
    rubric_dir, ind_dir = root / "rubric", root / "indicators"
    (rubric_dir / "profiles").mkdir(parents=True, exist_ok=True)
    ind_dir.mkdir(parents=True, exist_ok=True)
    dump = lambda data: yaml.safe_dump(data, allow_unicode=True, sort_keys=False)  # noqa: E731
    (rubric_dir / "rubric.yaml").write_text(dump(RUBRIC), encoding="utf-8")
    weights = {"areas": areas if areas is not None else {"D": 1, "F": 1, "G": 1},
               "codes": codes or {}, "indicators": {}}
    (rubric_dir / "weights.yaml").write_text("# 测试用默认权重\n" + dump(weights), encoding="utf-8")
    for area, inds in INDICATORS.items():
        (ind_dir / f"{area}.yaml").write_text(dump({"area": area, "indicators": inds}), encoding="utf-8")
    return rubric_dir, ind_dir


def write_submission(folder: Path, id_: str, levels: dict[str, str], title: str | None = None) -> Path:
    """A submission whose text earns the given level on each named indicator (others: none)."""
    folder.mkdir(parents=True, exist_ok=True)
    title = title or f"{id_}市2023年法治政府建设年度报告"
    body = "\n\n".join(SENTENCES[i][lv] for i, lv in levels.items() if lv != "none") or "全市新建城市公园12处。"
    path = folder / f"{id_}.txt"
    path.write_text(f"---\nid: {id_}\ntitle: {title}\n---\n{title}\n\n{body}\n", encoding="utf-8")
    return path
