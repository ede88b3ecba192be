"""TravelPlanner (Xie et al., ICML 2024) on lotara: sandbox, query, planner, verifier, evaluator.

The pieces, in the order a record flows through them:

- ``sandbox``: a record's ``reference_information`` parsed into lotara's own models;
- ``provider``: that sandbox behind the ``TravelProvider`` interface;
- ``query``: origin, destination, dates, party, budget and local constraints from the words;
- ``search``: the constrained search that builds a plan, asking a provider for every fact;
- ``verify``: the 8 commonsense and 5 hard constraints, checked on a submission-format plan;
- ``submission``: plans written in the official submission format;
- ``evaluate``: the benchmark's pass rates over a file of records;
- ``runner``: a file of records planned on their sandboxes and scored.
"""
