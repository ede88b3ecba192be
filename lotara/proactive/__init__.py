"""The proactive concierge: notice opportunities and turn each into one trip suggestion.

    watches.py        price watches: add, list, remove, observe, and the drop condition
    calendar_gaps.py  free windows in an .ics calendar and long weekends from public holidays
    surplus.py        what is left of a yearly or monthly travel budget
    triggers.py       the three trigger types, their context checks and dedupe keys
    suggestions.py    claim a trigger once (UNIQUE dedupe key), run the workflow, finish the row
    notify.py         POST each new suggestion to a URL; failures are retried on the next run
    run.py            one cron pass (``lotara watch run --once``) and the loop around it

Nothing here imports google.adk: the orchestrator is reached through ``lotara.jobs.engine`` only
when a trigger fires.
"""
