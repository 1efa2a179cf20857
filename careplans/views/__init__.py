"""The care plan pages: thin views over the care plan services (``careplans.drafting``,
``careplans.decisions``) and reads (``careplans.selectors``).

Every page finds its plan through ``plans_visible_to`` (a plan outside the
user's scope is 404, never 403), a page that changes a plan checks that the
user works in the person's team (403 otherwise), and a page read is logged in
the audit trail.

- ``mixins``: finding the plan and its versions, what a page shows of a version
- ``plan_pages``: the plan page, starting a plan, a new draft, versions, printing
- ``draft_editor``: the draft's contents, outcomes, risks, removing, submitting
- ``spending_lines``: spending lines and their live totals
- ``sign_off``: the sign-off queue and deciding a plan
- ``queue_table``: the queue's columns, sorting and CSV
- ``reconsideration``: asking for and answering a reconsideration
"""
