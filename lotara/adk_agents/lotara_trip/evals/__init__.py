"""``adk eval`` sets for lotara's agent, run offline (``tests/test_adk_agent.py``)."""
