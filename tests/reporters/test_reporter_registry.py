"""The reporter registry: every format declares how ``safesec check`` offers it, and the CLI
and the run read those declarations."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.reporters import REPORTERS, get_reporter
from checker.run.reports import INPUTS


def test_registry_names_render_functions():
    assert {"console", "json", "junit"} <= set(REPORTERS)
    for name in REPORTERS:
        assert callable(get_reporter(name).render)


def test_unknown_reporter_names_the_choices():
    with pytest.raises(KeyError, match="choose from .*console.*json.*junit"):
        get_reporter("yaml")


def test_declarations_are_unique_and_ask_only_for_what_the_run_gives():
    options = [o for r in REPORTERS.values() for o in (r.SPEC.file, *r.SPEC.switches) if o]
    assert len({o.flag for o in options}) == len({o.dest for o in options}) == len(options)
    for reporter in REPORTERS.values():
        assert set(reporter.SPEC.takes) <= set(INPUTS)


def test_check_offers_every_declared_option_and_the_stdout_formats():
    text = CliRunner().invoke(main, ["check", "--help"], terminal_width=200).output
    for reporter in REPORTERS.values():
        spec = reporter.SPEC
        for option in (spec.file, *spec.switches):
            if option is not None:
                assert option.flag in text and option.help in text
    stdout = [name for name, r in REPORTERS.items() if r.SPEC.stdout]
    assert stdout == ["console", "json", "github"]
    assert f"[{'|'.join(stdout)}]" in text
