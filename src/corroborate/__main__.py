"""`python -m corroborate` runs the command-line interface."""

from .cli import main

main()
