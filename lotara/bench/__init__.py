"""Benchmarks with their own planner and checker, outside the concierge (``lotara bench``)."""
