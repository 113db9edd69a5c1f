"""The analyses over a store: the uses table they read (usetable), vagueness (and its evaluation and
`pikg lint`), reuse and near-duplicates, lineage across years, consistency findings, and the runner
(analyze) that writes the analysis graph."""
