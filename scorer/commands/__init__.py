"""One module per CLI command; see scorer/cli.py for the list."""
