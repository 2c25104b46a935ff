"""Allow ``python -m transpipe``."""

from transpipe.cli import main

main()
