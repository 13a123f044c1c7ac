"""Reading Markdown prose in context: what ``pattern``, ``sections`` and ``claims`` share.

- **Scope.** Text under an out-of-scope or exclusions heading, and a paragraph that opens
  with "Out of scope" or "Excluded" (with the list it introduces), is not what a document
  offers: ``in_scope`` blanks it (keeping its lines, so line numbers still hold).  Headings
  are blanked too: a heading names a topic, and only statements count.
- **Numbers in words.** "two business days" reads as "2 business days" (``in_scope``).
- **Negation.** A match in a clause that denies it does not count: "we offer no safe
  harbour", "we will not notify", "never roll back", "... are forbidden" (``negated``).
- **Heading meanings.** Headings are matched by meaning through ``MEANINGS``, a synonym
  table that covers the Hugging Face card template and frontier model cards.

Every function here is linear in the text it reads (bounded look-behind and look-ahead per
match), and a check works each one out once per document (``Context.once`` on the text).
"""
from __future__ import annotations

import re

from checker.regexes import prefiltered

# Headings, and paragraph openings, that mark what follows as excluded.
OUT_OF_SCOPE = re.compile(
    r"out[- ]of[- ]scope|not in scope|\bexclu(?:sions?|ded|des)\b|non[- ]qualifying|"
    r"ineligible|not (?:eligible|covered|rewarded)", re.I)
_LEAD = re.compile(r"^[ \t]*(?:[-*+][ \t]+|\d+[.)][ \t]+)?[*_]*[ \t]*"
                   r"(?:the following (?:are|is) )?(?:" + OUT_OF_SCOPE.pattern + r")", re.I)
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]|$)")
_FENCE = re.compile(r"^ {0,3}(?:`{3,}|~{3,})")
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+")

# The synonym table of section meanings.  A heading has a meaning when it matches one of
# its patterns (case-insensitive); the pack's rules name meanings instead of regexes.
MEANINGS: dict[str, tuple[str, ...]] = {
    "safety": (r"\bsafety\b", r"\bsafe(?:guards?)?\b", r"responsib", r"\bharms?\b",
               r"\brisks?\b", r"\bhazards?\b", r"\bbias\b", r"ethical considerations",
               r"\bmisuse\b", r"\brefusals?\b"),
    "security": (r"secur", r"\bthreats?\b", r"adversar", r"\battacks?\b", r"jailbreak",
                 r"prompt injection", r"red[- ]?team", r"vulnerab", r"\btamper", r"\bcyber",
                 r"system protections"),
    "safeguard-removal": (r"safeguard removal", r"removal of (?:the )?safeguards",
                          r"marginal risk", r"safety (?:tuning )?removal", r"fine-?tuning attacks?",
                          r"\btamper", r"open[- ]weights? (?:risk|release)", r"uncensor"),
}

_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen"]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_NUMBER_WORDS = tuple(_UNITS + _TENS)
# the letters outside ASCII that re.IGNORECASE matches with an ASCII letter other than
# their own str.lower(): İ, ı (i), ſ (s), the Kelvin sign (k)
FOLDED = re.compile("[\u0130\u0131\u017f\u212a]")
_NUMBER = prefiltered(r"\b(?:(" + "|".join(_TENS) + r")(?:[- ](" + "|".join(_UNITS[1:10]) +
                     r"))?|(" + "|".join(_UNITS) + r"))\b", re.I)

# Negation before a match in its clause (within a few words), and a denying predicate
# after it ("... are forbidden").  Phrases that contain a cue but promise something
# ("no later than", "not more than") are taken out first.
_CUE = re.compile(r"\b(?:no|not|never|none|nor|neither|cannot|can't|won't|don't|doesn't|"
                  r"didn't|isn't|aren't|refuses?|forbids?|prohibits?|declines?)\b", re.I)
_PROMISE = re.compile(r"\b(?:no|not) (?:later|more|longer) than\b|\bnot only\b", re.I)
_DENIED_AFTER = re.compile(
    r"[^.;!?\n]{0,80}?\b(?:is|are|will be|remains?|stays?)[ \t]+(?:strictly[ \t]+|also[ \t]+|"
    r"explicitly[ \t]+)?(?:forbidden|prohibited|banned|excluded|out of scope|unwelcome|"
    r"not (?:allowed|permitted|covered|in scope|accepted|rewarded|eligible|welcome|offered|"
    r"granted|provided|available))", re.I)
_CLAUSE_END = re.compile(r"[.;!?:]\s|\n\s*\n|\n[ \t]*(?:[-*+]|\d+[.)])[ \t]")
_LOOK_BACK = 160  # characters; at most _WORDS_BACK words of them are read
_WORDS_BACK = 6


def meaning_regex(meaning: str) -> re.Pattern[str]:
    """The heading regex of a meaning in ``MEANINGS`` (KeyError for an unknown one)."""
    return re.compile("|".join(f"(?:{p})" for p in MEANINGS[meaning]), re.I)


def numbers_in_digits(text: str) -> str:
    """``text`` with numbers written in words (up to ninety-nine) as digits.

    What ``_NUMBER.sub`` gives, without running the regex at every character: a match
    starts where the lowercased text has a number word, so the regex is tried at those
    places only, left to right as ``sub`` goes.  A text with one of the letters that a
    case-insensitive regex reads as an ASCII letter but ``str.lower`` does not give as
    one (``ſ``, dotless ``ı``, ``İ``, the Kelvin sign) is left to ``sub``."""
    if FOLDED.search(text) is not None:
        return _NUMBER.sub(_digits, text)
    low = text.lower()  # as long as the text: only U+0130 lowercases to two characters
    starts = set()
    for word in _NUMBER_WORDS:
        at = low.find(word)
        while at >= 0:
            starts.add(at)
            at = low.find(word, at + 1)
    out: list[str] = []
    end = 0
    for at in sorted(starts):
        match = _NUMBER.match(text, at) if at >= end else None
        if match is not None:
            out += (text[end:at], _digits(match))
            end = match.end()
    if not out:
        return text
    out.append(text[end:])
    return "".join(out)


# The letters a case-insensitive regex matches as ASCII ones that str.lower() keeps apart
# ("ſeven", "fıve"): a matched number word is read through this table before its lookup.
_ASCII_FOLD = str.maketrans({"ſ": "s", "ı": "i", "İ": "i", "\u212a": "k"})


def _word(text: str) -> str:
    return text.translate(_ASCII_FOLD).lower()


def _digits(match: re.Match[str]) -> str:
    tens, unit, small = match.group(1), match.group(2), match.group(3)
    if small:
        return str(_UNITS.index(_word(small)))
    value = (_TENS.index(_word(tens)) + 2) * 10
    return str(value + (_UNITS.index(_word(unit)) if unit else 0))


def in_scope(text: str) -> str:
    """``text`` with excluded parts blanked (their lines kept empty) and numbers in words
    as digits: what the document offers, read in context."""
    out: list[str] = []
    fence = False
    excluded_level = 0  # the level of the out-of-scope heading being skipped, or 0
    skipping = ""       # "" or why lines are skipped: "paragraph", "item" or "list"
    list_follows = False  # an excluded lead-in ended with ':' so the list after it is excluded
    for line in text.split("\n"):
        if _FENCE.match(line):
            fence = not fence
        heading = None if fence else _ATX.match(line)
        if heading:
            level = len(heading.group(1))
            skipping, list_follows = "", False
            if not (excluded_level and level > excluded_level):
                excluded_level = level if OUT_OF_SCOPE.search(line) else 0
        if heading or excluded_level:  # a heading names a topic; only statements count
            out.append("")
            continue
        if not line.strip():
            list_follows = list_follows or skipping == "list"
            skipping = ""
            out.append(line)
            continue
        item = _LIST_ITEM.match(line) is not None
        if item and (list_follows or skipping == "list"):
            skipping = "list"
        elif not skipping or (item and skipping == "item"):
            lead = _LEAD.match(line) is not None
            skipping = ("item" if item else "paragraph") if lead else ""
            list_follows = False
        if skipping and skipping != "list" and line.rstrip().endswith(":"):
            list_follows = True
        out.append("" if skipping else line)
    return numbers_in_digits("\n".join(out))


def negated(text: str, start: int, end: int, inside: bool = False) -> bool:
    """Whether the match ``text[start:end]`` sits in a clause that denies it; with
    ``inside``, a cue within the match counts too ("be assumed not robust")."""
    window = text[max(0, start - _LOOK_BACK):end if inside else start]
    cut = None
    for cut in _CLAUSE_END.finditer(window):
        pass
    before = window[cut.end():] if cut else window
    before = _PROMISE.sub(" ", before)
    words = before.split()[-_WORDS_BACK:]
    if any(_CUE.fullmatch(w.strip(",()*_\"'")) for w in words):
        return True
    return _DENIED_AFTER.match(text, end, min(len(text), end + 120)) is not None


def affirmed(regex: re.Pattern[str], text: str, need: int = 1) -> list[re.Match[str]]:
    """Up to ``need`` matches of ``regex`` in ``text`` that are not negated."""
    found: list[re.Match[str]] = []
    for match in regex.finditer(text):
        if not negated(text, match.start(), match.end()):
            found.append(match)
            if len(found) >= need:
                break
    return found
