"""Orchestration: the only package that imports Prefect (tasks, flows, deployments, the CLI)."""
