"""Records → RDF and everything after, one package a concern. Imports flow one way (a test keeps both the
module map and this package map free of circles):

    model ← store ← query, validate, analysis ← build ← output
                    query ← serve
"""
