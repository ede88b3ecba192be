"""Planning: pure algorithms over lotara's models (no ADK), from a sentence to a checked plan."""
