"""The HTML report's stylesheet, inlined into the page (no CDN, no web fonts)."""
from __future__ import annotations

CSS = """
:root { --fail: #c62828; --pass: #2e7d32; --error: #ef6c00; --waived: #6a1b9a;
  --na: #757575; --ink: #1c1f23; --muted: #5f6b7a; --line: #d9dee4; --bg: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--ink); background: #fff; }
header { padding: 24px 32px; background: #24292f; color: #fff; }
header h1 { margin: 0 0 6px; font-size: 24px; }
header .meta { color: #c9d1d9; font-size: 13px; }
main { padding: 8px 32px 40px; max-width: 1400px; }
h2 { margin: 28px 0 10px; font-size: 20px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { margin: 18px 0 8px; font-size: 16px; }
.verdict { display: inline-block; margin-top: 10px; padding: 6px 14px; border-radius: 6px;
  font-weight: 600; }
.verdict.fail { background: var(--fail); } .verdict.pass { background: var(--pass); }
.verdict.error { background: var(--error); }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0; }
.card { min-width: 120px; padding: 10px 16px; border-radius: 8px; background: var(--bg);
  border-left: 6px solid var(--na); }
.card b { display: block; font-size: 26px; }
.card.fail { border-color: var(--fail); } .card.pass { border-color: var(--pass); }
.card.error { border-color: var(--error); } .card.waived { border-color: var(--waived); }
table { border-collapse: collapse; width: 100%; margin: 6px 0 14px; }
th, td { border: 1px solid var(--line); padding: 6px 10px; text-align: left; vertical-align: top; }
th { background: var(--bg); }
table.matrix td { text-align: center; font-weight: 600; min-width: 150px; }
td.m-fail { background: #fde7e7; color: var(--fail); }
td.m-error { background: #fff1e0; color: var(--error); }
td.m-pass { background: #e6f4ea; color: var(--pass); }
td.m-none { color: var(--na); font-weight: 400; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; color: #fff;
  font-size: 12px; font-weight: 600; text-transform: uppercase; }
.badge.fail { background: var(--fail); } .badge.pass { background: var(--pass); }
.badge.error { background: var(--error); } .badge.waived { background: var(--waived); }
.badge.not-applicable { background: var(--na); }
.failure { border: 1px solid var(--line); border-left: 6px solid var(--fail); border-radius: 6px;
  padding: 10px 14px; margin: 10px 0; background: #fffafa; }
.failure.error { border-left-color: var(--error); background: #fffaf3; }
.failure h4 { margin: 0 0 6px; font-size: 15px; }
.failure ul { margin: 4px 0 8px 18px; padding: 0; }
code { white-space: nowrap; }
code, .loc { font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.loc { color: #0a3069; }
dl.crosswalk { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 6px 0 0; }
dl.crosswalk dt { color: var(--muted); } dl.crosswalk dd { margin: 0; }
.muted { color: var(--muted); }
svg.timeline { width: 100%; max-width: 1100px; height: auto; background: var(--bg);
  border: 1px solid var(--line); border-radius: 6px; }
footer { padding: 16px 32px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line); }
"""
