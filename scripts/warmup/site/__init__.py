"""Render the site: the model through templates/site/ into Markdown pages, and the share picture."""
