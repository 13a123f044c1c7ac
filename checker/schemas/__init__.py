"""The file formats safesec reads and writes, as Cerberus schemas, and their JSON Schema
form for editors (``safesec schema NAME``).

The native artifact formats are the built-in pack's closed schemas (which decide the typo
findings) laid over ``native.py`` (the mappings no rule closes) by ``formats.py``, read
when first asked for; the project config and the policy pack reuse the
schemas the config loader (``run.config.SCHEMA``) and the pack loader
(``policy.schema.PACK``, with each check type's options) validate with.
"""
