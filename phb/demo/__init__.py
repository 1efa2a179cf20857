"""The demonstration data of the embedded run: made-up people only.

It lives in the composition root because it fills every app: the demo
organisation, teams and users (``people``), the pilot's tariffs, participants,
service use and indicative budgets (``pilot``), and care plans in every state
(``plans``). ``manage.py load_demo`` loads it.
"""
