"""Turn a club's warm-up content into a Material for MkDocs site and printable cards.

The pipeline reads like Pelican's: ``yaml_source`` and ``schema`` read and
validate content files, ``library`` builds the one model, ``pages`` and
``cards`` render it two ways, and ``publish`` writes outputs atomically.
"""
