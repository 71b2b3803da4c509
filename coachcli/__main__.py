"""`python -m coachcli` runs coach."""

from coachcli.launch import main

main()
