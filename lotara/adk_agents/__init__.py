"""Agents in the layout ADK's own tools load (``adk run``, ``adk web``, ``adk eval``).

Each folder here is one ADK agent: ``agent.py`` defines ``app`` (an ``App``, ADK 2.x's
way) and ``root_agent``. ``adk run lotara/adk_agents/lotara_trip`` plans a trip offline.
"""
