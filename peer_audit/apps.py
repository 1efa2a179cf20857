from django.apps import AppConfig


class PeerAuditConfig(AppConfig):
    """The peer network's audit of approved plans: checklists, rounds drawn at random,
    pseudonymised audits, the team's actions and the roll-up by team and quarter."""

    name = "peer_audit"
    verbose_name = "Peer audit"

    def ready(self) -> None:
        from careplans.sections import plan_page_sections
        from peer_audit.plan_page import SECTION

        plan_page_sections.register(SECTION)
