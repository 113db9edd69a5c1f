"""The template randomiser (issue 32, part 3): print gold records in randomly drawn templates.

Modules: source (gold records → documents), template (the axes and their seeded draw), layout (one
abstract print model and the gold it implies, built in one pass), one module per producer (pdf, office,
markup) and convert (text conversions of PDFs).
"""
