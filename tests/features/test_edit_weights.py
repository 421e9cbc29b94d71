"""Steps for edit_weights.feature: the CLI as a rubric owner uses it, on a small rubric of its own."""

from __future__ import annotations

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from tests.features.conftest import kit_cli as cli, kit_results as results

scenarios("edit_weights.feature")


@pytest.fixture
def ctx(tmp_path):
    return {"root": tmp_path, "subs": tmp_path / "subs", "out": tmp_path / "out"}


@given(parsers.parse('a profile "{name}" that switches off "{item}"'))
def _off(ctx, name, item):
    (ctx["rubric"] / "profiles" / f"{name}.yaml").write_text(
        f"extends: default\ndescription: 不评 {item}\noff: [{item}]\n", encoding="utf-8")


@when(parsers.parse('I set the weight of "{item}" to "{value}" in the profile "{name}"'))
def _set(ctx, item, value, name):
    cli(ctx, "weights", "set", item, value, "--profile", name)
    assert (ctx["rubric"] / "profiles" / f"{name}.yaml").exists()


@when(parsers.parse('I rescore the run with the profile "{name}"'))
def _rescore(ctx, name):
    cli(ctx, "rescore", ctx["out"], "--profile", name)


@then(parsers.parse('the outputs name the profile "{name}"'))
def _profile(ctx, name):
    assert results(ctx)["rubric"]["profile"] == name
    assert f"name: {name}" in (ctx["out"] / "profile.yaml").read_text(encoding="utf-8")
    assert name in (ctx["out"] / "weights.html").read_text(encoding="utf-8")
