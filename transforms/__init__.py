"""Pure transforms: text in, records out. No Prefect, DuckDB, pyarrow, file I/O, clock or randomness."""
