"""`pikg build`: documents extracted into shards of checked triples by workers, loaded into a copy of the
store, analysed, and swapped into place."""
