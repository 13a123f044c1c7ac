"""Waivers: an active one turns a failure into ``waived`` (JSON, JUnit <skipped>); an expired
one leaves a failure that names it; a waiver must say when it expires."""
from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from checker.model import Result, Severity, Status, Waiver
from checker.waivers import apply_waiver, find_waiver

ACME = Path(__file__).resolve().parent / "data" / "packs" / "acme.yaml"
MIT_CARD = "---\nlicense: mit\n---\n# Card\n\nA model.\n"


def waiver_config(expires: str | None = "2027-03-31", path: str = "models/a/**") -> str:
    text = ("fail_on: high\n"
            "waivers:\n"
            "  - id: W-LEGAL-7\n"
            "    rule: ACME-1\n"
            f"    path: \"{path}\"\n"
            "    reason: risk-accepted\n"
            "    justification: Legal cleared MIT for this model until the relicensing.\n"
            "    owner: \"@acme/legal\"\n"
            "    approved_by: [\"@acme/ciso\"]\n")
    return text + (f"    expires: {expires}\n" if expires else "")


@pytest.fixture
def repo(make_repo, tmp_path):
    def build(config: str) -> Path:
        return make_repo(tmp_path / "repo", {"models/a/MODEL_CARD.md": MIT_CARD,
                                             ".safesec.yaml": config})
    return build


def test_active_waiver_is_waived_in_json_and_passes_the_gate(check_json, repo):
    result, data = check_json(repo(waiver_config()), "--policy", ACME, "--as-of", "2026-11-27")
    assert result.exit_code == 0
    [entry] = data["results"]
    assert entry["status"] == "waived"
    assert entry["waiver"]["id"] == "W-LEGAL-7"
    assert entry["waiver"]["owner"] == "@acme/legal"
    assert entry["waiver"]["expires"] == "2027-03-31"
    assert entry["waiver"]["source"] == ".safesec.yaml" and entry["waiver"]["line"] == 3
    assert data["summary"]["waived"] == 1 and data["summary"]["failed"] == 0


def test_active_waiver_is_skipped_in_junit_naming_waiver_owner_and_expiry(cli, repo, tmp_path):
    out = tmp_path / "junit.xml"
    result = cli("check", repo(waiver_config()), "--policy", ACME, "--as-of", "2026-11-27",
                 "--junit-xml", out)
    assert result.exit_code == 0
    [case] = ET.parse(out).getroot().iter("testcase")
    [skipped] = case.findall("skipped")
    assert case.find("failure") is None
    message = skipped.get("message")
    assert "W-LEGAL-7" in message and "@acme/legal" in message and "2027-03-31" in message


def test_expired_waiver_is_a_failure_naming_the_waiver(check_json, repo):
    result, data = check_json(repo(waiver_config("2026-06-30")), "--policy", ACME,
                              "--as-of", "2026-11-27")
    assert result.exit_code == 1
    [entry] = data["results"]
    assert entry["status"] == "fail"
    assert entry["message"].startswith("waiver W-LEGAL-7 (.safesec.yaml:3) expired on 2026-06-30")
    assert "license" in entry["message"]
    assert entry["findings"][0]["message"].startswith("waiver W-LEGAL-7")


def test_expired_waiver_shows_in_console_and_junit(cli, repo, tmp_path):
    out = tmp_path / "junit.xml"
    result = cli("check", repo(waiver_config("2026-06-30")), "--policy", ACME,
                 "--as-of", "2026-11-27", "--junit-xml", out)
    assert "waiver W-LEGAL-7" in result.stdout and "expired" in result.stdout
    [failure] = ET.parse(out).getroot().iter("failure")
    assert "W-LEGAL-7" in failure.get("message") and "expired on 2026-06-30" in failure.text


def test_a_waiver_expiring_today_is_still_active(check_json, repo):
    _result, data = check_json(repo(waiver_config("2026-11-27")), "--policy", ACME,
                               "--as-of", "2026-11-27")
    assert data["results"][0]["status"] == "waived"


def test_waiver_for_another_path_does_not_apply(check_json, repo):
    result, data = check_json(repo(waiver_config(path="models/b/**")), "--policy", ACME,
                              "--as-of", "2026-11-27")
    assert result.exit_code == 1
    assert data["results"][0]["status"] == "fail" and "waiver" not in data["results"][0]


def test_waiver_without_expires_exits_2_naming_the_line(cli, repo):
    result = cli("check", repo(waiver_config(expires=None)), "--policy", ACME)
    assert result.exit_code == 2
    assert "safesec: error: .safesec.yaml:3: waivers[0].expires: required field" in result.stderr


@pytest.mark.parametrize("field, value, problem", [
    ("reason", "because", "waivers[0].reason: unallowed value because"),
    ("owner", "''", "waivers[0].owner: empty values not allowed"),
    ("expires", "someday", "waivers[0].expires: must be of isodate type"),
    ("expires", "2026-11-27garbage", "waivers[0].expires: must be of isodate type"),
    ("expires", "'20261231'", "waivers[0].expires: must be of isodate type"),
    ("expires", "2026-W52", "waivers[0].expires: must be of isodate type"),
])
def test_invalid_waiver_fields_exit_2(cli, repo, field, value, problem):
    config = "\n".join(f"    {field}: {value}" if line.strip().startswith(f"{field}:") else line
                       for line in waiver_config().split("\n"))
    result = cli("check", repo(config), "--policy", ACME)
    assert result.exit_code == 2
    assert problem in result.stderr and ".safesec.yaml:" in result.stderr


def make_result(status: Status = Status.FAIL, file: str = "models/a/MODEL_CARD.md") -> Result:
    return Result(rule="ACME-1", pack="acme-local", system="models/a", artifact=file,
                  status=status, severity=Severity.HIGH, message="licence mit", file=file,
                  line=2, dimension="governance", discipline="security",
                  findings=((file, 2, "licence mit"),))


def make_waiver(rule: str = "ACME-1", path: str = "models/**", expires: str = "2027-01-01"):
    return Waiver(id="W1", rule=rule, path=path, reason="risk-accepted", justification="j",
                  owner="@o", approved_by=("@c",), expires=expires, source=".safesec.yaml",
                  line=4)


def test_only_failures_are_waived():
    today = dt.date(2026, 11, 27)
    for status in (Status.PASS, Status.ERROR, Status.NOT_APPLICABLE):
        assert apply_waiver(make_result(status), (make_waiver(),), today).status is status
    assert apply_waiver(make_result(), (make_waiver(),), today).status is Status.WAIVED


def test_a_waiver_matches_by_rule_and_path_glob_or_system():
    result = make_result()
    assert find_waiver(result, (make_waiver(rule="TM-1"),)) is None
    assert find_waiver(result, (make_waiver(path="docs/**"),)) is None
    assert find_waiver(result, (make_waiver(rule="*"),)) is not None
    assert find_waiver(result, (make_waiver(path="models/a"),)) is not None  # the system


def test_a_waiver_expiring_more_than_two_years_ahead_is_not_applied(check_json, repo):
    """9999-12-31 would make a waiver permanent: it is not applied and the failure says
    why (redteam, informational)."""
    _result, doc = check_json(repo(waiver_config(expires="9999-12-31")), "--policy", ACME,
                              "--as-of", "2026-12-06")
    acme = [r for r in doc["results"] if r["rule"] == "ACME-1"][0]
    assert acme["status"] == "fail"
    assert "W-LEGAL-7" in acme["message"] and "more than two years" in acme["message"]
    _result, doc = check_json(repo(waiver_config(expires="2028-12-01")), "--policy", ACME,
                              "--as-of", "2026-12-06")
    assert [r for r in doc["results"] if r["rule"] == "ACME-1"][0]["status"] == "waived"
