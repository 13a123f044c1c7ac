"""Regenerate policies/tests/<RULE>/ from fixtures/compliant by small text edits.

Each case copies the compliant example and changes just enough to make its rule fail
(`python policies/tests/_generate.py`, then `safesec policy test policies`).  Run it after
changing fixtures/compliant; edit the CASES table to change what a case plants.
"""
from __future__ import annotations

import hashlib
import re
import shutil
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BASE = ROOT / "fixtures" / "compliant"
OUT = ROOT / "policies" / "tests"
S = "models/support-bot/"
TM, CARD, RT, SAF = S + "security/threat-model.yaml", S + "MODEL_CARD.md", S + "evals/redteam.yaml", S + "evals/safety.yaml"
SERV, SEC, IR, CO = S + "serving/config.yaml", "SECURITY.md", "INCIDENT_RESPONSE.md", ".github/CODEOWNERS"
REG, RAW = S + "evals/redteam-regression.yaml", S + "evals/raw/promptfoo-redteam-output.json"
CAP, BOM = S + "evals/capability.yaml", S + "aibom.cdx.json"
RAILS = S + "guardrails/rails.yaml"


def read(rel):
    return (BASE / rel).read_text(encoding="utf-8")


def sub(rel, *pairs):
    text = read(rel)
    for old, new in pairs:
        if old not in text:
            sys.exit(f"{rel}: {old!r} not found")
        text = text.replace(old, new, 1)
    return {rel: text}


def drop_lines(rel, *needles):
    lines = read(rel).split("\n")
    for needle in needles:
        hits = [i for i, l in enumerate(lines) if needle in l]
        if len(hits) != 1:
            sys.exit(f"{rel}: {needle!r} found {len(hits)} times")
    keep = [l for l in lines if not any(n in l for n in needles)]
    return {rel: "\n".join(keep)}


def between(rel, start, end, replacement):
    text = read(rel)
    a = text.index(start)
    b = text.index(end, a) if end else len(text)
    return {rel: text[:a] + replacement + text[b:]}


def threat_block(tid):
    text = read(TM)
    a = text.index(f"  - id: {tid}\n")
    b = text.index("  - id: ", a + 5)
    return text[a:b]


def no_leads_to(rel, *tids):
    text = read(rel)
    for tid in tids:
        block = threat_block(tid)
        new = re.sub(r"    leads_to: \[[^\]]*\]\n", "", block)
        assert new != block, tid
        text = text.replace(block, new)
    return {rel: text}


CASES = {}

CASES["OBJ-1"] = ("the threat model states safety objectives but no security objectives",
                  between(TM, "  security:   # protect the system from the world", "\nsecurity_goal:", ""), {})
CASES["OBJ-2"] = ("the system prompt (a prompt asset) lacks C in cia",
                  sub(TM, ("{id: system-prompt, kind: prompt, cia: [C, I]}", "{id: system-prompt, kind: prompt, cia: [I]}")), {})
CASES["OBJ-3"] = ("tools are enabled but no hazard has scope safe-operation",
                  sub(TM, ("scope: safe-operation", "scope: safe-usability")), {})
CASES["OBJ-4"] = ("the Security section of the model card is eight words long",
                  between(CARD, "## Security\n", "## Safeguard removal",
                          "## Security\n\nThe model is robust to jailbreaks; see the red-team report (RT-1).\n\n"), {})
CASES["OBJ-5"] = ("security is an afterthought: the card talks about safety and hardly about security",
                  {CARD: None}, {})  # filled below
CASES["TM-1"] = ("misuse hazard H-5 (generated text passed off as human-written) is reached by no threat",
                 no_leads_to(TM, "T-8", "T-9"), {})
CASES["TM-2"] = ("threat T-3 states no actor budget",
                 sub(TM, (', access: public-api, budget: "500 queries"}', ", access: public-api}")), {})
CASES["TM-3"] = ("no threat against a safeguard leads to a hazard, so misuse hazard H-5 is reached by none",
                 no_leads_to(TM, "T-1", "T-2", "T-12", "T-7", "T-8", "T-9"),
                 {"TM-1": "fail"})  # the misuse hazard H-5 is then reached by no threat either
tm4 = sub(TM, ('    atlas: [AML.T0054]\n    owasp_llm: ["LLM01:2025"]\n', "    atlas: [AML.T0054]\n"),
          ('    atlas: [AML.T0051.001, AML.T0053]\n    owasp_llm: ["LLM01:2025", "LLM06:2025"]',
           '    atlas: [AML.T0053]\n    owasp_llm: ["LLM06:2025"]'))
CASES["TM-4"] = ("retrieval and tools are enabled but no threat maps to LLM01:2025 or AML.T0051", tm4, {})
tm5 = read(TM)
for tid in ("T-5", "T-6"):
    tm5 = tm5.replace(threat_block(tid), "")
for old, new in (("addresses: [T-4, T-6]", "addresses: [T-4]"), ("addresses: [T-5, H-2]", "addresses: [H-2]"),
                 ('    atlas: [AML.T0044, AML.T0018]\n    owasp_llm: ["LLM04:2025"]\n', "    atlas: [AML.T0044]\n")):
    assert old in tm5, old
    tm5 = tm5.replace(old, new)
CASES["TM-5"] = ("no supply-chain or poisoning threat (T-5 and T-6 removed, T-7 mapped to AML.T0044 only)",
                 {TM: tm5}, {})
CASES["TM-6"] = ("no threat against availability (T-10 recast as integrity)",
                 sub(TM, ("    property: A\n", "    property: I\n")), {})
CASES["TM-7"] = ("threat T-1 targets 'tokenizer', which is not an asset",
                 sub(TM, ("targets: [input-classifier, output-moderation, safety-alignment]",
                          "targets: [input-classifier, output-moderation, safety-alignment, tokenizer]")), {})
CASES["PF-1"] = ("SAF-2 was measured on 50 samples",
                 sub(SAF, ("    samples: 1500\n", "    samples: 50\n")), {})
CASES["PF-2"] = ("RT-3 averages over attacks (aggregation: mean)",
                 sub(RT, ("    aggregation: max\n    breakdown: [{attack: prompt-extraction-probes, value: 0.02}]\n",
                  "    aggregation: mean\n    breakdown: [{attack: prompt-extraction-probes, value: 0.02}]\n")), {})
CASES["PF-3"] = ("SAF-2 misses its threshold (0.041 > 0.03)",
                 sub(SAF, ("    value: 0.018\n", "    value: 0.041\n"),
                     ("interval: [0.012, 0.026]", "interval: [0.032, 0.051]")), {})
CASES["PF-4"] = ("the red-team report is 207 days old",
                 sub(RT, ("date: 2026-11-18", "date: 2026-05-04")), {})
CASES["PF-5"] = ("the card claims robustness but the system has no adversarial result; the red-team "
                 "reports are gone, so the rules that need an adversarial or external result fail too, and those about adversarial results have nothing to check",
                 {RT: "__delete__\n", REG: "__delete__\n", RAW: "__delete__\n"},
                 {"INT-2": "fail", "INT-3": "fail", "GOV-7": "fail", "PF-2": "not-applicable",
                  "PF-4": "not-applicable", "INT-5": "not-applicable", "PF-7": "not-applicable"})
CASES["PF-6"] = ("accepted risk R-1 names no approver",
                 drop_lines(TM, '    approved_by: ["@acme/ciso"]'), {})
CASES["PF-7"] = ("the red-team report cites a raw promptfoo output that is not in the repository",
                 sub(RT, ("date: 2026-11-18", "date: 2026-11-18\nsource: {path: "
                          "models/support-bot/evals/raw/promptfoo-output.json, sha256: " + "ab" * 32
                          + "}")), {})
CASES["GOV-1"] = ("SECURITY.md gives channels but no response timeline",
                  between(SEC, "We acknowledge every report", "## Scope",
                          "We acknowledge every report promptly and keep you informed until the report is\nclosed.\n\n"), {})
CASES["GOV-2"] = ("SECURITY.md scope does not name prompt injection",
                  between(SEC, "- prompt injection, direct", "- system prompt extraction", ""), {})
CASES["GOV-3"] = ("SECURITY.md grants no safe harbour",
                  between(SEC, "## Safe harbour", None,
                          "## Disclosure\n\nPlease give us reasonable time to fix a problem before you disclose it.\n"), {})
CASES["GOV-4"] = ("the incident plan has no containment step (kill switch, rollback)",
                  between(IR, "1. Kill switch", "3. Rotate", ""), {})
CASES["GOV-5"] = ("CODEOWNERS leaves the serving config without an owner",
                  sub(CO, ("/models/support-bot/serving/**      @acme/ai-safety @acme/ai-security",
                           "/models/support-bot/serving/**")), {})
CASES["GOV-6"] = ("reviewed.by names only the safety owner and no commit carries sign-off trailers",
                  sub(TM, ('  by: ["@acme/ai-safety", "@acme/ai-security"]', '  by: ["@acme/ai-safety"]')), {})
CASES["GOV-7"] = ("risk tier high but every eval report is internal",
                  sub(RT, ("assessor: {type: external,", "assessor: {type: internal,")), {})
CASES["GOV-8"] = ("threat T-3 maps only to malformed IDs ('T0056', 'LLM07')",
                  sub(TM, ('    atlas: [AML.T0056]\n    owasp_llm: ["LLM07:2025"]',
                           '    atlas: ["T0056"]\n    owasp_llm: ["LLM07"]')), {})
CASES["INT-1"] = ("the serving config deploys pii-redactor, which is not a safeguard asset",
                  sub(SERV, ("  - {id: watermark, kind: watermark}\n",
                             "  - {id: watermark, kind: watermark}\n  - {id: pii-redactor, kind: output-moderation}\n")), {})
CASES["INT-2"] = ("high hazard H-4 has no adversarial result (RT-2 no longer covers it)",
                  sub(RT, ("covers: [T-2, T-12, H-4, H-3]", "covers: [T-2, T-12, H-3]")),
                  {"GOV-7": "fail"})  # nor does the external assessment cover H-4 any more
CASES["INT-3"] = ("no adversarial result is adaptive (so RT-1, against the defense-aware actor of "
                  "T-1, fails PF-2 too)",
                  {RT: read(RT).replace("adaptive: true", "adaptive: false")}, {"PF-2": "fail"})
CASES["INT-4"] = ("open-weights release without a safeguard removal / marginal risk section",
                  between(CARD, "## Safeguard removal", "## Downstream use", ""), {})
CASES["INT-5"] = ("RT-2 backs mitigation M-2 but reports no benign cost",
                  sub(RT, ("    benign_cost: {task_completion_drop: 0.012}\n", "")), {})
CASES["INT-6"] = ("watermark spoofing (T-9) is modelled but no result with a false-positive rate covers it",
                  {**sub(RT, ("covers: [T-8, T-9]", "covers: [T-8]")),
                   **sub(SAF, ("covers: [T-8, T-9, H-5]", "covers: [T-8, H-5]"))},
                  {"GOV-7": "fail"})  # the external assessment no longer covers T-9 either
CASES["INT-7"] = ("no compromise of the model weights leads to a hazard",
                  no_leads_to(TM, "T-4", "T-5", "T-6"), {})
CASES["INT-8"] = ("the serving config has no abuse telemetry",
                  sub(SERV, ("  abuse_telemetry: true", "  abuse_telemetry: false")), {})
CASES["INT-9"] = ("the input classifier's threshold was raised after the evaluations recorded the "
                  "guardrail config's hash", sub(RAILS, ("threshold: 0.80", "threshold: 0.95")), {})
CASES["INT-9-unlisted"] = ("a system prompt was added under serving/ after the evaluations, so no "
                           "report lists its hash",
                           {S + "serving/system-prompt.txt": "You are the Acme support assistant."}, {})
CASES["INT-9-removed"] = ("the safety report records a serving file that no longer exists",
                          sub(SAF, ("    - {path: models/support-bot/serving/config.yaml,",
                                    "    - {path: models/support-bot/serving/prompt-v1.txt, sha256: "
                                    "0c1d6e3f4ab0e5f43c2d0b8a0f1b7e91c3a2d4e5f60718293a4b5c6d7e8f9a0b}\n"
                                    "    - {path: models/support-bot/serving/config.yaml,")), {})
CASES["INT-9-empty"] = ("settings.safety_critical_paths is set to [], which would name no file whose "
                        "change makes an evaluation stale (GOV-5 then has no path to check either)",
                        between(".safesec.yaml", "  safety_critical_paths:\n",
                                "waivers:", "  safety_critical_paths: []\n"), {"GOV-5": "fail"})
CASES["INT-10"] = ("the serving config serves a revision that was not evaluated",
                   sub(SERV, ("model: {name: support-bot, revision: 3f2a9c1}", "model: {name: support-bot, revision: 9b41d07}")), {})

# pack 2.0 (issue 17): one case per requirement of each added rule
CASES["TM-8"] = ("the security goal resists no insider",
                 sub(TM, ("{actor: \"insider with repository or training-pipeline access, acting alone\"}",
                          "{actor: automated vulnerability scanners}")), {})
CASES["TM-8-boundary"] = ("the security goal does not say which attackers the system is not built to resist",
                          between(TM, "  does_not_resist:\n", "\nassets:", ""), {})
CASES["PF-8"] = ("the capability result names no safeguard its threshold triggers",
                 drop_lines(CAP, "    triggers: [input-classifier, output-moderation]"), {})
CASES["PF-8-baseline"] = ("the capability result states no baseline for its uplift",
                          drop_lines(CAP, "    baseline: the same 12 domain experts"), {})
CASES["GOV-9"] = ("an open-weights card says nothing of what downstream providers must do",
                  between(CARD, "## Downstream use", None, ""), {})
CASES["GOV-9-told"] = ("the downstream section says what providers must do but not what they are given",
                       sub(CARD, ("We publish with every open-weights release the evaluation reports in `evals/`, the residual risks\nin the threat model and the list of safeguards the hosted assistant runs.",
                                  "Open-weights releases are listed on the releases page.")), {})
CASES["GOV-10"] = ("the incident plan does not say how a jailbreak is handled",
                   between(IR, "## Jailbreaks and safeguard bypasses", "## After the incident", ""), {})
CASES["GOV-10-regression"] = ("a bypass is fixed but never added to the adversarial suite as a regression case",
                              sub(IR, ("add the bypass as a regression case to the red-team\nsuite so every later release is tested against it",
                                       "and close the\nreport once the fix ships"),
                                  ("adds regression cases to the\nevaluation sets and ", "")), {})
CASES["INT-11"] = ("what monitoring sees reaches the threat model only once a year",
                   sub(TM, ("review: {every_days: 30,", "review: {every_days: 365,")), {})
CASES["INT-11-owners"] = ("a monitored abuse signal has no owner",
                          sub(TM, ('{signal: abuse and jailbreak reports under SECURITY.md, owner: "@acme/ai-security"}',
                                   "{signal: abuse and jailbreak reports under SECURITY.md}")), {})
CASES["GOV-11"] = ("the plan rolls back without first preserving the evidence (Art. 73(6))",
                   between(IR, "We preserve the evidence first", "1. Kill switch", ""), {})
CASES["GOV-11-clocks"] = ("the plan states none of the Art. 73 reporting clocks",
                          between(IR, "Serious incidents are reported to the market", "## Jailbreaks", ""), {})
CASES["TM-9"] = ("the AI-BOM pins the model with MD5 only",
                 sub(BOM, ('"hashes": [{"alg": "SHA-256", "content": "9f2c4e71',
                           '"hashes": [{"alg": "MD5", "content": "9f2c4e71')), {})
CASES["TM-9-revision"] = ("the AI-BOM pins another revision than the model card describes",
                          sub(BOM, ('"version": "3f2a9c1"', '"version": "9b41d07"')), {})
CASES["TM-9-datasets"] = ("the model in the AI-BOM names no training dataset",
                          sub(BOM, (',\n      "modelCard": {"modelParameters": {"datasets": [{"ref": "data:support-transcripts-2026-09"}]}}', "")), {})
CASES["INT-12"] = ("the public watermark detector has no per-principal rate limit",
                   between(SERV, "  rate_limits:\n    per_principal: {requests_per_minute: 5", None, ""), {})
CASES["INT-12-key"] = ("the watermark key is not modelled as a confidential asset",
                       drop_lines(TM, "  - {id: watermark-key, kind: key"), {})
CASES["INT-12-undeclared"] = ("no serving config says whether the watermark detector is public",
                              between(SERV, "detector:", None, ""), {})
CASES["PF-9"] = ("RT-1 claims the input classifier and moderation hold but measured the bare model",
                 sub(RT, ("evaluated: {target: stack, guardrails: \"serving/config.yaml + guardrails/rails.yaml @ release 2.3.0\", safeguards: [input-classifier, output-moderation, safety-alignment]}",
                          "evaluated: {target: model, safeguards: [input-classifier, output-moderation, safety-alignment]}")), {})
CASES["PF-9-unstated"] = ("SAF-2 does not say whether it measured the model or the deployed stack",
                          {SAF: re.sub(r"(  - id: SAF-2\n    covers: \[H-2\]\n)    evaluated: [^\n]*\n", r"\1", read(SAF))}, {})
CASES["INT-13"] = ("a text-generation model declares no provenance marking and no exemption; the "
                   "rules about the marking it would use have nothing to check",
                   sub(CARD, ("  content_provenance: watermark\n", "  content_provenance: none\n")),
                   {"INT-6": "fail", "INT-12": "not-applicable"})

EXTRA = {}


# Cases beyond one failing rule each: "<rule>-<what>" folders.  Each gives the statuses it
# expects (the rest pass): failing cases of the in-context reading of prose, and passing
# cases of the phrasings good documents use (research/domain-review.md §5).
DENYING_SEC = """# Security Policy

## Reporting

You may write to security@example.org, which we read within 365 days, if at all. We do not
commit to any response time.

## Scope

Out of scope, and never rewarded: jailbreaks, prompt injection, training data extraction,
system prompt extraction and model theft.

## Safe harbour

We offer no safe harbour. Security research and safety red teaming against our models are
forbidden, and we will pursue legal action against anyone who tries them.
"""
DENYING_IR = """# Incident response

We keep no severity levels and name no owner or on-call rota for safety incidents or security
incidents. We never roll back a released model and never use a kill switch, and we do not
notify customers, regulators or any authority.
"""
GOOD_SEC = """# Security policy

## How to report

Use GitHub private vulnerability reporting (the "Report a vulnerability" button on the Security
tab of this repository). We acknowledge every report within two business days and agree a
disclosure date with you within ten working days.

## What we want to hear about

- jailbreaks that get the assistant to ignore its safety policy;
- indirect prompt injection through retrieved articles or tool output;
- leaking the system prompt, and membership inference or verbatim memorisation of training data;
- model theft through the API;
- watermark evasion: removing the watermark from generated text, or spoofing it.

## Safe harbour

We consider good-faith research under this policy authorised and will not pursue legal action
for it. This covers security research on our services and adversarial testing of the model's
refusal behaviour, including eliciting disallowed content to show that a safeguard fails.
"""
HF_CARD_SAFETY = """## Bias, Risks, and Limitations

We treat harm to customers and third parties as the primary risk. The harmful-compliance rate on
natural traffic is 0.4% (result SAF-1 for hazard H-1), and every refund or cancellation needs an
explicit confirmation; over-refusal on benign questions is 2.1%.

## Safeguards against adversarial users

Jailbreaks against the input-classifier and output-moderation reach a worst-case attack success
rate of 6% with adaptive attacks (RT-1, threat T-1), and indirect prompt injection through
retrieved articles reaches 3% (RT-2, threat T-2); vulnerabilities are reported under SECURITY.md.

"""
FILLER = ("This section describes our approach in this area. We take these matters seriously and "
          "follow industry best practices, review them regularly and improve them over time.")

MORE = {}
MORE["GOV-denying"] = ("a SECURITY.md and an incident plan that deny every requirement in the "
                       "words the rules look for fail GOV-1..4",
                       {SEC: DENYING_SEC, IR: DENYING_IR},
                       {"GOV-1": "fail", "GOV-2": "fail", "GOV-3": "fail", "GOV-4": "fail",
                        "GOV-10": "fail", "GOV-11": "fail"})
MORE["GOV-other-words"] = ("a good SECURITY.md in other words (GitHub private vulnerability "
                           "reporting, a timeline in words, system prompt leaks and memorisation, "
                           "adversarial testing of refusal behaviour) passes GOV-1..3",
                           {SEC: GOOD_SEC}, {})
MORE["GOV-2-out-of-scope-heading"] = (
    "AI flaws listed under an Out of scope heading are excluded, not covered",
    between(SEC, "## Scope", "## Safe harbour",
            "## Scope\n\nIn scope are the hosted support-bot assistant and its API.\n\n"
            "## Out of scope\n\n- jailbreaks and guardrail bypass\n- prompt injection\n"
            "- system prompt extraction and training data extraction\n\n"),
    {"GOV-2": "fail"})
MORE["OBJ-4-hf-headings"] = ("the Hugging Face template heading 'Bias, Risks, and Limitations' and "
                             "'Safeguards against adversarial users' count as Safety and Security",
                             between(CARD, "## Safety\n", "## Safeguard removal", HF_CARD_SAFETY),
                             {"PF-5": "not-applicable"})
MORE["OBJ-4-filler"] = ("Safety and Security sections of 20+ words of filler that name none of the "
                        "system's hazards, threats, results or safeguards",
                        between(CARD, "## Safety\n", "## Safeguard removal",
                                f"## Safety\n\n{FILLER}\n\n## Security\n\n{FILLER}\n\n"),
                        {"OBJ-4": "fail", "PF-5": "not-applicable"})
MORE["INT-4-filler"] = ("open weights with a 'Tamper' section of filler that names no threat or result",
                        between(CARD, "## Safeguard removal", None, f"## Tamper resistance\n\n{FILLER}\n"),
                        {"INT-4": "fail", "GOV-9": "fail"})
MORE["PF-5-honest"] = ("an honest card says the model should be assumed not robust and studies the "
                       "robustness of safety fine-tuning: no claim, so PF-5 does not apply",
                       sub(CARD, ("The model is robust to jailbreaks within the tested budget:",
                                  "The model should be assumed not robust to jailbreaks beyond the tested budget; we are\n"
                                  "studying the robustness of safety fine-tuning. In the tested budget")),
                       {"PF-5": "not-applicable"})
MORE["PF-5-unrelated-result"] = ("a claim of robustness to jailbreaks cites only the watermark result RT-5",
                                 sub(CARD, ("(RT-1, threat T-1)", "(RT-5)"), ("(RT-2, threat T-2)", "")),
                                 {"PF-5": "fail"})

MORE["TM-2-closed-vocabulary"] = ("actor knowledge 'blackbox' and access 'api' are outside the closed "
                                  "vocabularies, and a budget of 'x' has no number and unit",
                                  sub(TM, ("knowledge: black-box, access: public-api, budget: \"500 queries\"",
                                           "knowledge: blackbox, access: api, budget: x")),
                                  {"TM-2": "fail", "PF-2": "fail"})  # RT-3's budget has nothing to meet
MORE["OBJ-2-asset-kind"] = ("an asset of kind 'checkpoint' (outside the closed vocabulary) with a typo "
                            "'cai' for 'cia'; no model asset is left, so INT-7 fails too", sub(TM, ("{id: weights, kind: model, cia: [C, I],",
                                                         "{id: weights, kind: checkpoint, cai: [C, I], cia: [C, I],")),
                            {"OBJ-2": "fail", "INT-7": "fail"})
MORE["PF-3-typo"] = ("a result's `threshold:` is misspelt `thresold:`, which would hide it; the typo "
                     "is a finding naming the nearest key",
                     sub(SAF, ("    threshold: {max: 0.03}", "    thresold: {max: 0.03}")),
                     {"PF-3": "fail"})
MORE["PF-1-incoherent-interval"] = ("SAF-2's interval [0.5, 0.9] does not contain its value 0.018",
                                    sub(SAF, ("interval: [0.012, 0.026]", "interval: [0.5, 0.9]")),
                                    {"PF-1": "fail"})
MORE["PF-3-samples-not-integer"] = ("SAF-2 gives samples as text ('1500 prompts'), not a whole number",
                                    sub(SAF, ("    samples: 1500\n", "    samples: 1500 prompts\n")),
                                    {"PF-3": "fail", "PF-1": "fail"})

# Off switches: an undeclared fact is unknown, never "not applicable".
MORE["INT-4-release-undeclared"] = ("the model card declares no release",
                                    drop_lines(CARD, "  release: open-weights"),
                                    {"INT-4": "fail", "GOV-9": "not-applicable",
                                     "PF-8": "not-applicable"})
MORE["INT-4-published-but-api"] = ("release says api while the card's text says each release is published "
                                   "as open weights", sub(CARD, ("  release: open-weights", "  release: api")),
                                   {"INT-4": "fail", "PF-8": "not-applicable"})
MORE["GOV-7-tier-undeclared"] = ("the model card declares no risk tier (and every report is internal)",
                                 {**drop_lines(CARD, "  risk_tier: high-risk"),
                                  **sub(RT, ("assessor: {type: external,", "assessor: {type: internal,"))},
                                 {"GOV-7": "fail"})
MORE["GOV-7-tier-1x-value"] = ("risk_tier: high, the 1.x value that mixed Art. 6 and Art. 51, is refused",
                               sub(CARD, ("  risk_tier: high-risk", "  risk_tier: high")), {"GOV-7": "fail"})
MORE["INT-6-provenance-undeclared"] = ("the model card declares no content provenance marking",
                                       drop_lines(CARD, "  content_provenance: watermark"),
                                       {"INT-6": "fail", "INT-12": "not-applicable", "INT-13": "fail"})
MORE["INT-6-none-without-reason"] = ("content_provenance none with no stated reason",
                                     sub(CARD, ("  content_provenance: watermark", "  content_provenance: none")),
                                     {"INT-6": "fail", "INT-12": "not-applicable", "INT-13": "fail"})
MORE["INT-6-none-with-reason"] = ("content_provenance none with a stated reason: INT-6 does not apply",
                                  sub(CARD, ("  content_provenance: watermark",
                                             "  content_provenance: none\n  reasons: {content_provenance: "
                                             "\"text-only support replies to verified customers; Art. 50(2) "
                                             "assistive-editing exemption\"}")),
                                  {"INT-6": "not-applicable", "INT-12": "not-applicable"})
MORE["INT-10-report-revision-missing"] = ("the red-team report gives no model.revision",
                                          sub(RT, ("model: {name: support-bot, revision: 3f2a9c1}",
                                                   "model: {name: support-bot}")), {"INT-10": "fail"})
MORE["INT-10-served-revision-missing"] = ("the serving config gives no model.revision",
                                          sub(SERV, ("model: {name: support-bot, revision: 3f2a9c1}",
                                                     "model: {name: support-bot}")), {"INT-10": "fail"})
MORE["TM-4-channels-undeclared"] = ("the serving config declares no channels",
                                    between(SERV, "channels:", "rate_limits:", ""), {"TM-4": "fail"})

# Acceptance criteria: pre-declared in the threat model, and every covering result is judged.
MORE["PF-3-misses-criterion-without-own-threshold"] = (
    "RT-1 reaches 15% attack success and states no threshold of its own; T-1 and H-1 accept at "
    "most 10%", sub(RT, ("    value: 0.06\n    threshold: {max: 0.10}\n", "    value: 0.15\n"),
                     ("{attack: crescendo, value: 0.06}", "{attack: crescendo, value: 0.15}")),
    {"PF-3": "fail"})
MORE["PF-3-no-reachable-criterion"] = (
    "RT-1 reports jailbreak_rate, a metric for which neither T-1 nor H-1 declares a criterion",
    sub(RT, ("    metric: attack_success_rate\n    aggregation: max\n",
             "    metric: jailbreak_rate\n    aggregation: max\n")),
    {"PF-3": "fail"})
MORE["TM-7-criterion-undeclared"] = (
    "the safeguard threat T-1 declares no acceptance criterion, so RT-1 has none to meet either",
    drop_lines(TM, "    acceptance: [{metric: attack_success_rate, max: 0.10}]"),
    {"TM-7": "fail", "PF-3": "fail"})

# The rules the review calls wrong, corrected.
MORE["TM-5-no-poisoning"] = ("a supply-chain threat (T-6) alone no longer covers data poisoning: T-5 is gone",
                             {TM: read(TM).replace(threat_block("T-5"), "")
                              .replace("addresses: [T-5, H-2]", "addresses: [H-2]")},
                             {"TM-5": "fail"})
MORE["OBJ-2-released-weights"] = ("released weights marked public: true need no C (a truthful open-weights "
                                  "threat model passes)",
                                  sub(TM, ("{id: weights, kind: model, cia: [C, I],",
                                           "{id: weights, kind: model, public: true, cia: [I],")), {})
MORE["INT-8-detector-only"] = ("the serving config's only model-independent safeguard is a detector",
                               sub(SERV, ("  - {id: input-classifier, kind: input-classifier}\n"
                                          "  - {id: output-moderation, kind: output-moderation}\n",
                                          "  - {id: watermark-detector, kind: detector}\n")),
                               {"INT-8": "fail", "INT-1": "fail"})
MORE["INT-5-no-evidence-still-needs-cost"] = (
    "mitigations cite no evidence, and RT-1 (a result on the safeguard threat T-1) reports no benign cost",
    {**{TM: re.sub(r", evidence: \[[^\]]*\]", "", read(TM))},
     **sub(RT, ("    benign_cost: {over_refusal_rate: 0.021}\n", ""))},
    {"INT-5": "fail"})
MORE["INT-6-fpr-too-high"] = ("the watermark results' false-positive rates are 90%",
                              {**sub(RT, ("false_positive_rate: 0.0009", "false_positive_rate: 0.9")),
                               **sub(SAF, ("    value: 0.0006\n    samples: 20000\n    interval: [0.0003, 0.0010]\n",
                                           "    value: 0.9\n    samples: 20000\n    interval: [0.89, 0.91]\n"))},
                              {"INT-6": "fail", "PF-3": "fail"})
MORE["TM-4-direct-only"] = ("the only prompt injection threat is direct (public API, AML.T0051.000)",
                            sub(TM, ("access: retrieval-content, budget: \"50 planted documents\"",
                                     "access: public-api, budget: \"2k crafted queries\""),
                                ("atlas: [AML.T0051.001, AML.T0053]", "atlas: [AML.T0051.000, AML.T0053]")),
                            {"TM-4": "fail"})
MORE["GOV-6-trailers-name-nobody"] = ("reviewed.by is gone and the sign-off trailers name 'nobody'",
                                      drop_lines(TM, '  by: ["@acme/ai-safety", "@acme/ai-security"]'),
                                      {"GOV-6": "fail"})
EXTRA["GOV-6-trailers-name-nobody"] = (
    "commits:\n  - {date: 2026-11-01, paths: [\".\"], message: \"threat model review\",\n"
    "     trailers: {Safety-Reviewed-by: nobody, Security-Reviewed-by: nobody}}\n")
MORE["GOV-6-one-owner-both-roles"] = ("one person holds both the safety and the security role",
                                      sub(TM, ('  security: "@acme/ai-security"\n\nobjectives',
                                               '  security: "@acme/ai-safety"\n\nobjectives')),
                                      {"GOV-6": "fail"})
MORE["GOV-7-external-without-engagement"] = ("the only external assessor names no engagement",
                                             sub(RT, (", engagement: TL-2026-114}", "}")),
                                             {"GOV-7": "fail"})

MORE["PF-2-min-of-attack-success"] = ("RT-1 reports the best attack (aggregation: min, 0.02) of an attack success "
                                      "rate whose worst attack reached 0.06",
                                      sub(RT, ("    aggregation: max\n    breakdown: [{attack: pair, value: 0.04}",
                                               "    aggregation: min\n    breakdown: [{attack: pair, value: 0.04}"),
                                          ("    value: 0.06\n", "    value: 0.02\n")),
                                      {"PF-2": "fail"})
MORE["PF-2-defense-aware-not-adaptive"] = ("T-1's actor is defense-aware but RT-1 is not adaptive",
                                           sub(RT, ("    adaptive: true\n", "    adaptive: false\n")),
                                           {"PF-2": "fail"})
MORE["PF-4-future-date"] = ("the red-team report is dated in the future",
                            sub(RT, ("date: 2026-11-18", "date: 2027-01-18")), {"PF-4": "fail"})

# Severity is derived from likelihood x impact (NIST AI RMF MAP 5.1), not chosen.
MORE["TM-7-severity-downgraded"] = ("T-1 is rated medium although its likelihood (possible) x impact (major) "
                                    "gives high", sub(TM, ("    impact: major\n    severity: high\n    targets: [input-classifier",
                                                          "    impact: major\n    severity: medium\n    targets: [input-classifier")),
                                    {"TM-7": "fail"})
MORE["TM-7-no-likelihood"] = ("hazard H-2 states no likelihood",
                              sub(TM, ("misinformation, source: accident, likelihood: possible, impact: minor,",
                                       "misinformation, source: accident, impact: minor,")),
                              {"TM-7": "fail"})

MORE["GOV-5-catch-all-owner"] = ("CODEOWNERS is a catch-all '* @intern': every file has an owner, but not the "
                                 "declared safety and security owners",
                                 {CO: "* @intern\n"}, {"GOV-5": "fail"})

MORE["PF-2-human-red-team"] = ("an expert human red team states its protocol instead of a suite version",
                               sub(RT, ('suite_version: "2026.10", budget: {queries: 500}',
                                        'protocol: "Acme RT-P3 expert elicitation v2", budget: {queries: 500}')), {})


# INT-4 cross-checks a release that publishes no weights against the other evidence. The base:
# the card declares api, offers the model only as a hosted API and carries no open licence.
def api_card(licence="other"):
    text = sub(CARD, ("  release: open-weights", "  release: api"), ("license: apache-2.0", f"license: {licence}"),
               ("Each release is published as open weights under\nApache-2.0 one version after it goes into production; the hosted",
                "The model is offered only through the hosted\nassistant; the hosted"),
               ("We publish with every open-weights release the evaluation reports", "We publish with every release the evaluation reports"),
               ("The released weights\ncarry the safety tuning", "The model\ncarries the safety tuning"))[CARD]
    a = text.index("## Safeguard removal")
    return text[:a] + text[text.index("## Downstream use", a):]


MORE["INT-4-api-consistent"] = ("the card declares release api, offers the model only through the hosted "
                                "assistant, carries no open licence and the repository holds no weights",
                                {CARD: api_card()}, {"PF-8": "not-applicable"})
MORE["INT-4-api-open-licence"] = ("release api, but the Hugging Face license is apache-2.0, under which weights are "
                                  "handed out", {CARD: api_card("apache-2.0")}, {"INT-4": "fail", "PF-8": "not-applicable"})
MORE["INT-4-api-gated"] = ("release api, but the Hugging Face front matter says gated: true (downloadable after approval)",
                           {CARD: api_card().replace("license: other\n", "license: other\ngated: true\n", 1)},
                           {"INT-4": "fail", "PF-8": "not-applicable"})
MORE["INT-4-api-weights-in-repo"] = ("release api, but the system's folder holds a weight file (a Git LFS pointer to "
                                     "model.safetensors)",
                                     {CARD: api_card(), S + "weights/model.safetensors":
                                      "version https://git-lfs.github.com/spec/v1\n"
                                      "oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\n"
                                      "size 14483464192\n"},
                                     {"INT-4": "fail", "PF-8": "not-applicable"})
MORE["TM-4-tools-channel-unmodelled"] = ("tools are enabled, but the tool-output injection threat T-12 now comes through the "
                                         "public API, so no indirect injection threat reaches the system through the tools",
                                         sub(TM, ("access: tool-output, budget:", "access: public-api, budget:")),
                                         {"TM-4": "fail"})
MORE["TM-4-card-none-but-served"] = ("the model card declares channels: none (not served) while the serving config "
                                     "enables retrieval and tools",
                                     sub(CARD, ("  content_provenance: watermark\n", "  content_provenance: watermark\n  channels: none\n")),
                                     {"TM-4": "fail"})
LITELLM_GATEWAY = """\
# LiteLLM gateway in front of support-bot: the MCP servers give the model tools.
model_list:
  - model_name: support-bot
    litellm_params: {model: openai/support-bot, api_base: "http://support-bot:8000/v1"}
mcp_servers:
  orders: {url: "http://orders-mcp:9000/mcp"}
guardrails:
  - guardrail_name: input-classifier
    litellm_params: {guardrail: presidio, mode: pre_call, default_on: true}
  - guardrail_name: output-moderation
    litellm_params: {guardrail: openai_moderation, mode: post_call, default_on: true}
general_settings: {master_key: os.environ/LITELLM_MASTER_KEY}
litellm_settings:
  callbacks: [langfuse]
  default_internal_user_params: {rpm_limit: 20, tpm_limit: 200000}
"""
MORE["TM-4-gateway-enables-tools"] = ("the native serving config turns tools off and the tool-output injection threat "
                                      "T-12 is gone, but the LiteLLM gateway that really serves the system gives the "
                                      "model tools through MCP servers: the gateway's channels win over the native file",
                                      {**sub(SERV, ("  tools: true          # order lookup, refund, cancel, address change",
                                                    "  tools: false")),
                                       **sub(TM, ("access: tool-output, budget:", "access: public-api, budget:")),
                                       S + "serving/litellm.yaml": LITELLM_GATEWAY},
                                      {"TM-4": "fail"})
MORE["PF-2-budget-below-actor"] = ("RT-1 attacks with 1,000 queries, below the 20,000 queries (1k per account, 20 "
                                   "accounts) of T-1's actor", sub(RT, ("budget: {queries: 20000, accounts: 20,", "budget: {queries: 1000, accounts: 20,")),
                                   {"PF-2": "fail"})
MORE["PF-2-budget-no-shared-unit"] = ("RT-3 states its budget in GPU-hours, T-3's actor budget is in queries: the two "
                                      "cannot be compared", sub(RT, ("budget: {queries: 500}", "budget: {gpu_hours: 2}")),
                                      {"PF-2": "fail"})
MORE["PF-2-actor-budget-mapping"] = ("T-3's actor budget is a mapping of units to numbers ({queries: 500}), which RT-3's "
                                     "budget meets", sub(TM, ('budget: "500 queries"', "budget: {queries: 500}")), {})
MORE["GOV-7-external-without-name"] = ("the external assessor names an engagement but not who they are",
                                       sub(RT, ("{type: external, name: Threatline Labs, engagement:",
                                                "{type: external, engagement:")), {"GOV-7": "fail"})
MORE["GOV-7-external-misses-safeguard-threat"] = ("the external red team no longer covers T-10, a threat against the input "
                                                  "classifier (RT-7 removed)", between(RT, "  - id: RT-7\n", None, ""),
                                                  {"GOV-7": "fail"})


def obj5_card():
    text = read(CARD)
    num = [r"\bsecur(?:e|ity)\b", r"\battacks?\b", r"\badversar\w*", r"\bthreats?\b", r"\bjailbreak\w*",
           r"\bvulnerab\w*", r"\bexfiltrat\w*", r"\binjection\b", r"\bpoison\w*"]
    den = [r"\bsafe\b", r"\bsafety\b", r"\bharm(?:s|ful)\b"]

    def count(pats, t):
        return sum(len(re.findall(p, t, re.I)) for p in pats)

    sentence = ("Our safety reviewers check harmful replies every week, and the safety team "
                "keeps the assistant safe for customers. ")
    extra = "\n## Safety practice\n\n"
    body = text
    while count(num, body + extra) >= 0.05 * count(den, body + extra) - 1:
        extra += sentence
    return text.replace("## Security\n", extra.rstrip() + "\n\n## Security\n", 1), count(num, body), count(den, body + extra)


card, n, d = obj5_card()
CASES["OBJ-5"] = (CASES["OBJ-5"][0] + f" ({n} security-term matches against {d} safety-term matches)",
                  {CARD: card}, {})


def rehashed(case, files):
    """``files`` plus the eval reports recording the new hashes of the safety-critical files
    the case changes (as a team that re-ran its evaluations would), so that a case about
    another rule does not also fail INT-9; the INT-9 cases keep the stale hashes."""
    changed = [rel for rel in files if rel.startswith((S + "serving/", S + "guardrails/"))]
    if case.startswith("INT-9") or not changed:
        return files
    out = dict(files)
    for report in (SAF, RT, REG):
        text = out.get(report, read(report))
        for rel in changed:
            digest = hashlib.sha256(files[rel].encode("utf-8") if files[rel].endswith("\n")
                                    else (files[rel] + "\n").encode("utf-8")).hexdigest()
            entry = rf"(\{{path: {re.escape(rel)}, sha256: )[0-9a-f]{{64}}\}}"
            if re.search(entry, text):
                text = re.sub(entry, rf"\g<1>{digest}}}", text)
            else:  # a safety-critical file the case adds: the re-run evaluation lists it
                text = text.replace("  files:\n", f"  files:\n    - {{path: {rel}, sha256: {digest}}}\n", 1)
        out[report] = text
    return out


def write_case(case, why, files, also, fails=True):
    """Case ``TM-8`` or ``TM-8-boundary`` (a second requirement of TM-8): the rule fails;
    with ``fails=False`` a case of the pack's phrasings that expects only ``also``."""
    folder = OUT / case
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    found = re.match(r"[A-Z]+-\d+", case)
    rule = found.group(0) if found else case
    expect = {rule: "fail", **also} if fails else dict(also)
    body = ", ".join(f"{k}: {v}" for k, v in expect.items())
    head = f"# {rule} fails, and no other rule: {why}.\n" if not also else \
        f"# {rule} fails: {why}.\n"
    if not fails:
        head = f"# {rule}: {why}.\n"
    head = "\n".join(textwrap.wrap(head.strip(), 98, initial_indent="", subsequent_indent="# ")) + "\n"
    text = (head +
            "base: ../../../fixtures/compliant\nas_of: 2026-11-27\n" +
            (f"expect: {{{body}}}\n" if expect else "") + "others: pass\n" + EXTRA.get(case, ""))
    (folder / "expected.yaml").write_text(text, encoding="utf-8")
    for rel, content in rehashed(case, files).items():
        target = folder / "repo" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content if content.endswith("\n") else content + "\n", encoding="utf-8")


if __name__ == "__main__":
    for rule, (why, files, also) in CASES.items():
        write_case(rule, why, files, also)
    for name, (why, files, expect) in MORE.items():
        write_case(name, why, files, expect, fails=False)
    print(len(CASES) + len(MORE), "cases")
