"""Item pipelines: detect, then store."""
