"""Declarative conditions (``when:``, ``where:``, ``condition:``): no code, only data.

A condition is a mapping: ``all`` / ``any`` / ``not`` combine others; otherwise
it names a value (``path`` as JMESPath into the data, or ``setting``) and one
test (``exists``, ``equals``, ``in``, ``not_in``, ``truthy``, ``matches``,
``contains``, ``gte``/``gt``/``lte``/``lt``, ``min_length``, ``intersects`` (the
value, or one of its items, is in a list), ``expired`` (a date before the run's
as-of date; no date counts as expired), ``ids`` (``any``/``all`` of the listed
IDs are known MITRE ATLAS or OWASP LLM 2025 IDs)).  ``matches`` on a list holds
when any item matches.  With ``kind`` the condition holds when any artifact of
that kind in the system satisfies it.

Operands may be ``{setting: name}``, ``{root: jmespath}`` (a value of the
document the item belongs to) or ``{system: {kind, path, fragment}}`` (values
from every artifact of that kind in the system; ``fragment`` keeps only what
follows ``#`` in each, as in ``evals/redteam.yaml#RT-1``).  A constant operand of
the wrong type (``in: text``, ``min_length: 2.5``) is refused when the policy is
loaded; one read at run time is an ``OperandError`` (an error result).

``compile_condition`` (``compile.py``) turns a mapping into a ``Condition``; the
tests and the operands are defined in ``operators.py``.
"""
from __future__ import annotations

from checker.conditions.compile import TESTS, Condition, Undecidable, compile_condition
from checker.conditions.operands import resolve
from checker.conditions.operators import OperandError, present

__all__ = ["TESTS", "Condition", "OperandError", "Undecidable", "compile_condition", "present",
           "resolve"]
