"""Finish: work on a built site (minified files, offline files), then write it into place atomically."""
