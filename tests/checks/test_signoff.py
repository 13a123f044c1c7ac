"""``signoff``: owners must be two people; trailers are checked in the policy cases
(policies/tests/GOV-6-trailers-name-nobody), which need a git history."""
from __future__ import annotations

SPEC = {"type": "signoff", "trailers": ["Safety-Reviewed-by", "Security-Reviewed-by"],
        "reviewers": "reviewed.by", "owners": ["owners.safety", "owners.security"],
        "match_owners": True, "distinct": True}


def test_one_person_holding_both_roles_fails_without_reading_git(check, art):
    tm = art("threat_model", {"owners": {"safety": "@ann", "security": "@Ann"},
                              "reviewed": {"by": ["@ann"]}})
    [finding] = check(SPEC, tm)
    assert "name the same person" in finding.message


def test_reviewers_naming_both_distinct_owners_sign_off_in_the_file(check, art):
    tm = art("threat_model", {"owners": {"safety": "@ann", "security": "@bob"},
                              "reviewed": {"by": ["@ann", "@bob"]}})
    assert check(SPEC, tm) == []
