"""`python -m coachcli` runs coach."""

from coachcli.cli.app import main

main()
