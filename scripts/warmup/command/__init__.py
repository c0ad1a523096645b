"""The `warmup` command and its sub-commands."""
