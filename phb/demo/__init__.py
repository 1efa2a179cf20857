"""The demonstration data of the embedded run: made-up people only.

It lives in the composition root because it fills every app: the demo
organisation, teams and users (``people``), the pilot's tariffs, participants,
service use and indicative budgets (``pilot``), the budget holders' 2011-12 plans with
Table 3's outcomes and Table 4's purchases (``pilot_plans``), care plans in every state
(``plans``), a transfer (``transfers``) and two peer audit rounds (``peer_audit``).
``manage.py load_demo`` loads it.
"""
