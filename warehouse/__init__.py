"""All storage: seed files, Parquet, publishing, the DuckDB catalog and the data-quality checks."""
