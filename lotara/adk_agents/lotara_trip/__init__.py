"""lotara's trip planner as an ADK agent: see ``agent``."""

from . import agent as agent
