"""Generate a synthetic monorepo of N AI systems for the benchmarks.

    python benchmarks/gen_monorepo.py N OUT [--no-git]

Each system ``systems/sys-NNNN/`` gets the five artifacts of the compliant fixture
(model card, threat model, two eval reports, serving config) with its own name,
model revision and dates, so systems differ; the repository gets SECURITY.md,
INCIDENT_RESPONSE.md, ``.github/CODEOWNERS`` and ``.safesec.yaml`` (pinned
``as_of``).  History: three commits with fixed dates made with ``git fast-import``
(serving configs, then eval reports, then the threat models with review
trailers), so the history rules (INT-9, GOV-6) have something to read.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "compliant"
CARD_DIR = FIXTURE / "models" / "support-bot"
AS_OF = "2026-11-27"
EPOCHS = (1793692800, 1794297600, 1794902400)  # 2026-11-03, 11-10, 11-17 08:00 UTC

CONFIG = f"""# safesec configuration of the synthetic benchmark monorepo.
as_of: {AS_OF}
fail_on: high
packs: []
settings:
  min_eval_samples: 100
  eval_max_age_days: 90
  threat_model_max_age_days: 180
  min_security_term_ratio: 0.05
  safety_critical_paths:
    - "systems/*/serving/**"
waivers: []
"""

CODEOWNERS = """# Safety-critical paths need a review from both the safety and the security owners.
*                          @acme/platform
/systems/*/serving/**      @acme/ai-safety @acme/ai-security
/systems/*/security/       @acme/ai-security
/systems/*/evals/          @acme/ai-safety @acme/ai-security
"""

FILES = {  # system-relative path -> fixture path
    "MODEL_CARD.md": CARD_DIR / "MODEL_CARD.md",
    "security/threat-model.yaml": CARD_DIR / "security" / "threat-model.yaml",
    "evals/safety.yaml": CARD_DIR / "evals" / "safety.yaml",
    "evals/redteam.yaml": CARD_DIR / "evals" / "redteam.yaml",
    "serving/config.yaml": CARD_DIR / "serving" / "config.yaml",
}
# Which commit (index into EPOCHS) adds each file: serving first, evals after it.
COMMIT_OF = {"serving/config.yaml": 0, "MODEL_CARD.md": 0, "evals/safety.yaml": 1,
             "evals/redteam.yaml": 1, "security/threat-model.yaml": 2}
REPO_FILES = {"SECURITY.md": FIXTURE / "SECURITY.md",
              "INCIDENT_RESPONSE.md": FIXTURE / "INCIDENT_RESPONSE.md"}


def system_name(n: int) -> str:
    return f"sys-{n:04d}"


def revision(n: int) -> str:
    """Seven hex digits starting with a letter (never read as a number by any YAML)."""
    return f"{'abcdef'[n % 6]}{(n * 2654435761) & 0xFFFFFF:06x}"


def render(text: str, n: int) -> str:
    """The fixture text with this system's name, revision and day of the month."""
    name = system_name(n)
    day = 10 + n % 9  # eval dates 2026-11-10 .. 11-18: all fresh as of AS_OF
    return (text.replace("support-bot", name).replace("3f2a9c1", revision(n))
            .replace("2026-11-12", f"2026-11-{day:02d}").replace("version: 2.3.0",
                                                                f"version: 2.{n % 7}.{n % 5}"))


def system_files(n: int) -> dict[str, str]:
    base = f"systems/{system_name(n)}/"
    out = {base + rel: render(src.read_text(encoding="utf-8"), n) for rel, src in FILES.items()}
    # the eval reports record the hash of this system's own serving config (INT-9)
    serving = base + "serving/config.yaml"
    digest = hashlib.sha256(out[serving].encode("utf-8")).hexdigest()
    block = f"evaluated:\n  files:\n    - {{path: {serving}, sha256: {digest}}}\n"
    for rel in ("evals/safety.yaml", "evals/redteam.yaml"):
        out[base + rel] = _EVALUATED.sub(lambda _m: block, out[base + rel], count=1)
    return out


_EVALUATED = re.compile(r"^evaluated:.*?(?=^results:)", re.M | re.S)


def repo_files() -> dict[str, str]:
    out = {rel: src.read_text(encoding="utf-8") for rel, src in REPO_FILES.items()}
    out[".github/CODEOWNERS"] = CODEOWNERS
    out[".safesec.yaml"] = CONFIG
    return out


def generate(count: int, out: Path, *, git: bool = True) -> int:
    """Write the tree (and its history); returns the number of files."""
    commits: list[dict[str, str]] = [dict(repo_files()), {}, {}]
    for n in range(1, count + 1):
        for path, text in system_files(n).items():
            rel = path.split("/", 2)[2]
            commits[COMMIT_OF[rel]][path] = text
    total = 0
    for files in commits:
        for path, text in files.items():
            target = out / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            total += 1
    if git:
        _history(out, commits)
    return total


MESSAGES = ("Serving configs and model cards",
            "Evaluation reports",
            "Threat models\n\nSafety-Reviewed-by: @acme/ai-safety\n"
            "Security-Reviewed-by: @acme/ai-security\n")


def _history(out: Path, commits: list[dict[str, str]]) -> None:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "init", "-q", "-b", "main", str(out)], check=True, env=env)
    stream: list[bytes] = []
    for index, files in enumerate(commits):
        stream.append(b"commit refs/heads/main\n")
        who = f"Bench <bench@example.com> {EPOCHS[index]} +0000\n".encode()
        stream += [b"author " + who, b"committer " + who]
        message = (MESSAGES[index] + "\n").encode()
        stream.append(b"data %d\n%s\n" % (len(message), message))
        for path, text in sorted(files.items()):
            data = text.encode("utf-8")
            stream.append(b"M 100644 inline %s\ndata %d\n%s\n" % (path.encode(), len(data), data))
        stream.append(b"\n")
    subprocess.run(["git", "-C", str(out), "fast-import", "--quiet"], input=b"".join(stream),
                   check=True, env=env)
    subprocess.run(["git", "-C", str(out), "checkout", "-q", "-f", "main"], check=True, env=env)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help="number of AI systems")
    parser.add_argument("out", type=Path, help="folder to create (must not exist or be empty)")
    parser.add_argument("--no-git", action="store_true", help="no git history")
    args = parser.parse_args(argv)
    if args.out.exists() and any(args.out.iterdir()):
        parser.error(f"{args.out} is not empty")
    total = generate(args.count, args.out, git=not args.no_git)
    print(f"{args.out}: {args.count} systems, {total} files", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
