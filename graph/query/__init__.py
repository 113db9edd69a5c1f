"""Named SPARQL queries (queries/*.rq): their headers, typed parameters, paging and table/csv/json output."""
