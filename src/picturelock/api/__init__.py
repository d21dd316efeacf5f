"""The HTTP door: a FastAPI app under /api/v1, thin over the same services as the CLI."""
