"""The commands wing: one module per command, each a library function.

Each command (translate, build, check, status, report, detect, normalise,
models, glossary) takes paths and settings, returns a result record, and never prints,
prompts or exits; errors are :class:`~transpipe.core.errors.TranspipeError`.
It is the only wing that touches the project's files as a whole, and it
reaches engines only through their registry.  It may import every wing below
it; only ``cli`` imports it.
"""
