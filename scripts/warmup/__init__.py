"""Turn a club's warm-up content into a phone-friendly website and printable cards.

The folders are the pipeline's stages, in the order it runs them: ``settings`` (mkdocs.yml read
once and checked), ``figures`` (how a body is drawn from a coach's words), ``content`` (the
content files read and checked into one model), ``printing`` and ``site`` (the model rendered
into PDFs and pages), ``render`` (every rendering of one model), ``engines`` (the pages handed
to a site engine), ``finish`` (the built site completed and swapped into place), ``pipeline``
(the spine: the stages in order) and ``command`` (the ways in: the `warmup` command, its live
preview and the MkDocs plugin). A stage imports only earlier ones and what every stage shares.

What every stage shares: ``project``, ``problems``, ``catalog``, ``progress``, ``paths``, ``files``, ``lock``,
``process_ties``, ``render_cache``, ``parallel``, ``yaml_expansion`` and ``test_hooks``.
"""
