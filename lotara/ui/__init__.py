"""What the terminal shows: the only package that imports Rich.

    render.py      a job in full, the job list, money, the approval question
    live.py        the live board of the agents at work
    progress.py    how a command follows a running job (live, plain lines, quiet or JSON)
    export.py      an itinerary as Markdown or iCalendar, a file to keep
    trace_view.py  ``lotara status JOB --trace``: the span tree as text

render.py and live.py import Rich; the others load them only inside the function that
draws, and commands import ui modules inside their functions, so ``--help`` never loads Rich.
"""
