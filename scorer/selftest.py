"""Every indicator's examples are tests of its rule (as in Vale or Semgrep)."""

from __future__ import annotations

from dataclasses import dataclass

from .extract import extract
from .match import CompiledRules
from .models import Level, Submission
from .rubric import Rubric


@dataclass(frozen=True)
class ExampleFailure:
    where: str  # "file:line" of the example
    indicator: str
    expected: Level
    got: Level
    why: str  # the engine's reason for the level it gave
    text: str

    def __str__(self) -> str:
        return (f"{self.where}: 示例失败 {self.indicator}：应判为 {self.expected.name}，实际为 {self.got.name}"
                f"（{self.why}）：{self.text}")


_NOT_MATCHED = "没有句子命中本指标的主题"


def run_examples(rubric: Rubric) -> tuple[int, list[ExampleFailure]]:
    """Score each example as a one-sentence document against its own indicator only."""
    failures: list[ExampleFailure] = []
    count = 0
    for ind in rubric.indicators:
        single = rubric.model_copy(update={"indicators": [ind]})
        rules = CompiledRules([ind])
        for expected, index, text in ind.examples.items():
            count += 1
            # Examples are written from the reporting body's own point of view (a city report).
            sub = Submission(id="example", title="示例", text=text, group="city")
            found = extract(sub, single, rules).indicators[0]
            if found.level != expected:
                why = found.passages[0].why if found.passages else _NOT_MATCHED
                failures.append(ExampleFailure(ind.example_location(expected, index), ind.id, expected, found.level,
                                               why, text))
    return count, failures
