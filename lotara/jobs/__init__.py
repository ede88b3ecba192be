"""Jobs, durably: the store and its SQL, migrations, events, gates, the detached worker.

    store.py       JobStore: every SQL statement on jobs, events, approvals, bookings, prefs
    migrations.py  the named schema migrations, applied once each, in order
    events.py      a job's event stream: one writer per job, listeners in this process
    gates.py       recorded decisions and booking requests (durable, resumable anywhere)
    engine.py      what every front end calls: create, run, decide, resume, book a job
    worker.py      ``python -m lotara.jobs.worker JOB``: one job in a background process
    processes.py   is a process alive (claims name their process)

Nothing here imports google.adk, an HTTP library or Rich: the engine reaches the
orchestrator (``lotara.agents``) only when a job actually runs.
"""
