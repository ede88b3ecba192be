"""lotara's plan workflow for ADK's loader: ``app`` and ``root_agent``.

Under ``adk run``/``adk web`` a plain ADK ``Runner`` drives the graph; the first node makes
the job in ``$LOTARA_HOME``'s store from the user's message (``lotara.agents.run``), so
``lotara status`` lists it, and the trip goes from node to node in the session's typed state
(``lotara.agents.state``). The model is ``LOTARA_MODEL`` (offline by default).
"""

from google.adk.apps import App

from lotara.agents.graph import plan_workflow
from lotara.agents.orchestrator import _skip_absent_a2a

_skip_absent_a2a()

root_agent = plan_workflow()
app = App(name="lotara_trip", root_agent=root_agent)
