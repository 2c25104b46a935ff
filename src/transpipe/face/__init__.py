"""The face wing: the parts of the command line that ``cli`` assembles.

It owns the options several commands share (``options``) and the settings
they make from them (``settings``), what the commands print: JSON, tables
and progress bars (``output``), the command groups ``models``, ``glossary``
and ``memory`` (``groups``), and the rule that every error is one line with
its exit code (``shell``).  With ``cli`` it is the only code that imports typer; it calls
the library API and never the wings under the commands directly, except to
read settings (``core.config``) and a record's type.
"""
