"""HTML reporter: self-contained page, matrix, systems, failures with crosswalk, timeline,
escaping, and a real render in headless Chromium that must not come out blank."""
from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from checker.model import DIMENSIONS, DISCIPLINES, RunResult
from checker.reporters import html

AUDIT = [
    {"sha": f"{i:02d}" + "ab" * 19, "date": f"2025-{1 + i // 3:02d}-{10 + i:02d}",
     "summary": f"commit {i}", "failed_rules": ["TM-1", "PF-2", "GOV-1"][: i % 4]}
    for i in range(9)
]


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(text: str) -> list[tuple[str, dict]]:
    parser = Tags()
    parser.feed(text)
    return parser.tags


def test_page_is_self_contained(run):
    page = html.render(run, audit=AUDIT)
    found = tags(page)
    assert not [t for t, _a in found if t in ("script", "link", "iframe", "img", "object")]
    assert not any("src" in attrs for _t, attrs in found)
    assert "@import" not in page and "url(" not in page
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page


def test_matrix_has_every_dimension_and_discipline(run):
    page = html.render(run)
    matrix = page[page.index("id='matrix'"):page.index("</section>", page.index("id='matrix'"))]
    for name in DIMENSIONS + DISCIPLINES:
        assert f">{name}</th>" in matrix
    assert "1 failed" in matrix


def test_a_section_per_system_with_failures_remediation_and_crosswalk(run):
    page = html.render(run)
    for system in {r.system for r in run.results} - {"*"}:
        assert f"<h2>System: {system}</h2>" in page
    assert "<h2>Repository-wide</h2>" in page  # SECURITY.md, the missing incident plan
    assert page.count("<code>GOV-1</code>") == 1  # once, not once per system
    assert "no serving or guardrail config found for system models/chat, so 1 rule" in page
    vision = page[page.index("System: models/vision"):]
    assert "models/vision/threat-model.yaml:20" in vision
    assert "Remediation:</b> Fix threat-actor-incomplete." in vision
    for label in ("NIST AI RMF", "MITRE ATLAS"):
        assert f"<dt>{label}</dt>" in vision


def test_repository_text_is_escaped(run):
    page = html.render(run)
    assert "&lt;apache-2.0&gt; &amp; friends" in page
    assert "<apache-2.0>" not in page and "<root>" not in page and "\x1b" not in page


def test_audit_adds_a_timeline_chart(run):
    page = html.render(run, audit=AUDIT)
    svg = page[page.index("<svg"):page.index("</svg>")]
    assert svg.count("<circle") == len(AUDIT)
    assert "<polyline" in svg
    assert "TM-1, PF-2, GOV-1" in page  # failed rules of a commit, in the commit table
    same = html.render(run, audit={"commits": AUDIT})
    assert same == page
    assert "<svg" not in html.render(run)


def test_audit_summary_counts_are_shown(run):
    audit = [{"sha": "a" * 40, "date": "2025-01-01", "summary": {"passed": 3, "failed": 1},
              "failed_rules": ["TM-1"]}]
    page = html.render(run, audit=audit)
    assert "passed 3, failed 1" in page and "aaaaaaaaaa" in page


# --- a real render -----------------------------------------------------------------------

def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Decode an 8-bit RGB/RGBA PNG with the stdlib: ``(width, height, rows)``."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        header = chunk if kind == b"IHDR" else header
        idat += chunk if kind == b"IDAT" else b""
        pos += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and colour in (2, 6), (depth, colour)
    bpp = 3 if colour == 2 else 4
    raw, stride, rows, prev = zlib.decompress(idat), width * bpp, [], bytes(width * bpp)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            p = a + b - c
            pred = (0, a, b, (a + b) // 2,
                    a if abs(p - a) <= min(abs(p - b), abs(p - c)) else b if abs(p - b) <= abs(p - c) else c)
            line[i] = (line[i] + pred[kind]) & 0xFF
        rows.append(bytes(line))
        prev = line
    return width, height, [bytes(r[i:i + 3]) for r in rows for i in range(0, stride, bpp)]


def screenshot(page: Path, png: Path, profile: Path) -> None:
    command = [
        shutil.which("chromium"), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-dev-shm-usage", f"--user-data-dir={profile}",
        f"--screenshot={png}", "--window-size=1200,900", page.as_uri(),
    ]
    subprocess.run(command, capture_output=True, timeout=180, check=False)


@pytest.mark.skipif(shutil.which("chromium") is None,
                    reason="chromium not on PATH (Debian package `chromium`; .ci/run installs it)")
def test_headless_chromium_renders_a_non_blank_page(run: RunResult, tmp_path):
    page = tmp_path / "report.html"
    page.write_text(html.render(run, audit=AUDIT), encoding="utf-8")
    png = tmp_path / "shot.png"
    screenshot(page, png, tmp_path / "profile")
    assert png.exists() and png.stat().st_size > 0, "chromium wrote no screenshot"
    width, height, pixels = png_pixels(png.read_bytes())
    assert (width, height) == (1200, 900)
    colours = Counter(pixels)
    background_share = colours.most_common(1)[0][1] / len(pixels)
    assert len(colours) > 50, f"only {len(colours)} colours: blank page?"
    assert background_share < 0.9, f"{background_share:.0%} of the page is one colour"
    red = sum(n for (r, g, b), n in colours.items() if r > 150 and g < 90 and b < 90)
    assert red > 100, "the failure colour (verdict, matrix, chart) is not visible"


def test_png_decoder_sees_a_single_colour_image():
    row = b"\x00" + b"\xff\xff\xff" * 4
    body = zlib.compress(row * 3)
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 3, 8, 2, 0, 0, 0))
    png += chunk(b"IDAT", body) + chunk(b"IEND", b"")
    width, height, pixels = png_pixels(png)
    assert (width, height) == (4, 3) and set(pixels) == {b"\xff\xff\xff"}


def test_audit_tags_are_shown_escaped(run):
    audit = {"commits": [{"sha": "b" * 40, "date": "2025-02-01", "summary": "release",
                          "tag": "v1.0<rc>", "failed_rules": []}]}
    page = html.render(run, audit=audit)
    assert "<b>v1.0&lt;rc&gt;</b>" in page
