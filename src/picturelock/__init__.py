"""Picture Lock: one model of a production's post, and everything computed from it."""

__version__ = "0.1.0"
