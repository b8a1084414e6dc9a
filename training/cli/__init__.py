"""`python -m training`: the training desk's exercises on the command line (docs/training-cli.md)."""
