from django.apps import AppConfig


class PeerAuditConfig(AppConfig):
    """The peer network's audit of approved plans: checklists, rounds drawn at random,
    pseudonymised audits, the team's actions and the roll-up by team and quarter."""

    name = "peer_audit"
    verbose_name = "Peer audit"

    def ready(self) -> None:
        from careplans.sections import plan_page_sections
        from peer_audit import home_page, plan_page
        from peer_audit.selectors import open_audit_count
        from people.navigation import NavCount, nav_counts
        from people.sections import home_page_sections

        plan_page_sections.register(plan_page.SECTION)
        home_page_sections.register(home_page.SECTION)
        nav_counts.register(NavCount("peer_audit:my_audits", open_audit_count, "open"))
