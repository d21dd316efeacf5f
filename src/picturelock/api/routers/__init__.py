"""The /api/v1 routes, one module per part of the model."""
