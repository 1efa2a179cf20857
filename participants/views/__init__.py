"""The pages of the people a team supports: thin views over ``participants.services``.

Every page about one person finds them through ``participants_visible_to``
(so someone outside the user's scope is 404, never 403), checks the ``rules``
permission for what the page does (403 for a person the user can see but may
not change), and logs the view in the audit trail (``base.ParticipantPageMixin``).

- ``base``: what every page about one person shares;
- ``listing``: the list of people (sorted, filtered, as CSV);
- ``records``: adding and changing a person, their page, their cluster;
- ``entries``: recording service use and direct payments for one person;
- ``csv_imports``: CSV imports of service use and direct payments.
"""
