"""Engines: hand the generated docs/ to a site engine, which turns it into a built site."""
