"""Render print: the model through templates/card/ into one-page PDFs and their preview pictures."""
