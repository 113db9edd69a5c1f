"""The reviewer's desk: each flagged target beside its source, the reviewer's decisions (a SQLite file beside
the store, never in the graph) and the review opinion (审核意见) written from them."""
