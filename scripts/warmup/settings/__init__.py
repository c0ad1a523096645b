"""Settings: mkdocs.yml read once (reader.py) and checked (checks.py), for every later stage."""
