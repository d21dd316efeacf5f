"""The schedule engine: critical path, levelling, forecast and escalation on integer slots."""
