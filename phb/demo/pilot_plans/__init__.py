"""The pilot's budget holders' care plans for 2011-12, the year they held their budgets.

Each of the 12 has a plan signed off (Riverside, by a facilitator) or approved (Hillside,
by the commissioner) in March 2011, starting 1 April 2011: their outcomes in their own
words (``outcomes``: the categories give Table 3's number of people per outcome, 51 in
all), what matters to them, their risks and contingency plan (``about``), and their
purchases (``purchases``: Table 4's 18, each serving the outcome it served in the pilot,
and the rest of each person's 2011-12 direct payment). ``load`` writes them through the
care plan services.
"""
