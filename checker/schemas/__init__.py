"""The file formats safesec reads and writes, as Cerberus schemas, and their JSON Schema
form for editors (``safesec schema NAME``).

The native artifact formats are defined in ``native.py`` (the fields docs/formats.md
documents and the built-in pack reads); the project config and the policy pack reuse the
schemas the config loader (``run.config.SCHEMA``) and the pack loader
(``policy.schema.PACK``, with each check type's options) validate with.
"""
