"""Development tools: demo content, the load generator, the embedded PostgreSQL and Redis, and
the benchmarks' page list. Development and test settings install this app; production neither
imports nor installs it (its dependencies are the `dev` extra of pyproject.toml)."""
