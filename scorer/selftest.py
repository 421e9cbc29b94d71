"""Every indicator's examples are tests of its rule (as in Vale or Semgrep)."""

from __future__ import annotations

from dataclasses import dataclass

from .extract import extract
from .match import CompiledRules
from .models import Level, Submission
from .rubric import Rubric


@dataclass(frozen=True)
class ExampleFailure:
    indicator: str
    expected: Level
    got: Level
    text: str

    def __str__(self) -> str:
        return f"{self.indicator}: 示例应判为 {self.expected.name}，实际为 {self.got.name}：{self.text}"


def run_examples(rubric: Rubric) -> tuple[int, list[ExampleFailure]]:
    """Score each example as a one-sentence document against its own indicator only."""
    failures: list[ExampleFailure] = []
    count = 0
    for ind in rubric.indicators:
        single = rubric.model_copy(update={"indicators": [ind]})
        rules = CompiledRules([ind])
        for expected, text in ind.examples.items():
            count += 1
            # Examples are written from the reporting body's own point of view (a city report).
            sub = Submission(id="example", title="示例", text=text, group="city")
            got = extract(sub, single, rules).indicators[0].level
            if got != expected:
                failures.append(ExampleFailure(ind.id, expected, got, text))
    return count, failures
