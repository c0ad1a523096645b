"""Turn a club's warm-up content into a phone-friendly website and printable cards.

The folders are the pipeline's stages, in order: ``content`` reads and checks the
content files into one model; ``site`` and ``printing`` render that model into pages
and PDFs; ``engines`` hand the pages to a site engine; ``finish`` completes the built
site and swaps it into place; ``command`` is the `warmup` command. ``generate`` runs
the rendering stages; ``paths``, ``project``, ``problems`` and ``progress`` are shared.
"""
