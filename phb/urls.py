from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter, SimpleRouter
from rest_framework.urlpatterns import format_suffix_patterns

import budgets.urls
import common.ids  # noqa: F401  (the <id:...> converter)
import participants.urls
import reports.api_urls
from budgets.api import PersonIndicativeBudgetViewSet
from careplans.api import CarePlanViewSet, SignOffQueueView
from common.schema import SchemaView
from costing.api import ClusterViewSet, InterventionViewSet, TariffPriceViewSet
from notifications.api import NotificationListView
from participants.api import ParticipantViewSet, TransferViewSet
from peer_audit.api_reviewing import ReviewerAuditViewSet
from peer_audit.api_rounds import AuditRoundViewSet, ChecklistViewSet, PeerAuditReportView
from peer_audit.findings_api import (
    PeerAuditActionDoneView,
    PeerAuditActionView,
    PlanPeerAuditsView,
)
from people.api import ApiTokenViewSet, MeView, TeamViewSet
from people.forms import ChangePasswordForm, SignInForm
from people.views import HomeView
from phb.health import healthz
from phb.status import service_status
from reviews.api import CallReviewView, ReviewPackRequestView, ReviewPackViewSet, ReviewViewSet

router = DefaultRouter()
router.register("me/tokens", ApiTokenViewSet, basename="token")
router.register("teams", TeamViewSet, basename="team")
router.register("interventions", InterventionViewSet, basename="intervention")
router.register("tariffs", TariffPriceViewSet, basename="tariff")
router.register("clusters", ClusterViewSet, basename="cluster")
router.register("participants", ParticipantViewSet, basename="participant")
router.register("transfers", TransferViewSet, basename="transfer")
router.register("care-plans", CarePlanViewSet, basename="care-plan")
router.register("reviews", ReviewViewSet, basename="review")
router.register("review-packs", ReviewPackViewSet, basename="review-pack")
router.register("peer-audits", ReviewerAuditViewSet, basename="peer-audit")
router.register("audit-checklists", ChecklistViewSet, basename="audit-checklist")
router.register("audit-rounds", AuditRoundViewSet, basename="audit-round")

# Routes that higher apps hang on a person, beside the person's own (same names and paths).
person_routes = SimpleRouter()
person_routes.register("participants", PersonIndicativeBudgetViewSet, basename="participant")

api_v1 = [
    path("me/", MeView.as_view(), name="me"),
    path("notifications/", NotificationListView.as_view(), name="notifications"),
    path("sign-off-queue/", SignOffQueueView.as_view(), name="sign-off-queue"),
    path(
        "care-plans/<id:pk>/review-packs/",
        ReviewPackRequestView.as_view(),
        name="care-plan-review-packs",
    ),
    path("care-plans/<id:pk>/call-review/", CallReviewView.as_view(), name="care-plan-call-review"),
    path(
        "care-plans/<id:pk>/peer-audits/",
        PlanPeerAuditsView.as_view(),
        name="care-plan-peer-audits",
    ),
    path(
        "care-plans/<id:pk>/peer-audits/<uuid:audit>/actions/",
        PeerAuditActionView.as_view(),
        name="care-plan-peer-audit-actions",
    ),
    path(
        "care-plans/<id:pk>/peer-audits/<uuid:audit>/actions/<id:question>/done/",
        PeerAuditActionDoneView.as_view(),
        name="care-plan-peer-audit-action-done",
    ),
    path("reports/peer-audit/", PeerAuditReportView.as_view(), name="report-peer-audit"),
    *reports.api_urls.urlpatterns,
    *router.urls,
    *format_suffix_patterns(person_routes.urls),
]

# A person's pages: their own, and the indicative budget calculator of budgets.
person_pages = [*participants.urls.urlpatterns, *budgets.urls.person_urlpatterns]

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path(
        "sign-in/",
        auth_views.LoginView.as_view(
            authentication_form=SignInForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "account/password/",
        auth_views.PasswordChangeView.as_view(form_class=ChangePasswordForm),
        name="password_change",
    ),
    path(
        "account/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("", include("people.urls")),
    path("notifications/", include("notifications.urls")),
    path("participants/", include((person_pages, "participants"))),
    path("transfers/", include((participants.urls.transfer_urlpatterns, "transfers"))),
    path("care-plans/", include("careplans.urls")),
    path("reviews/", include("reviews.urls")),
    path("peer-audit/", include("peer_audit.urls")),
    path("reports/", include("reports.urls")),
    path("tariffs/", include("costing.urls")),
    path("audit/", include("audit.urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("status/", service_status, name="service-status"),
    path("api/v1/", include((api_v1, "api"), namespace="api")),
    # Signed-in users only: the schema answers an anonymous call 401, as the API does; the
    # documentation page sends an anonymous visitor to sign in, as every page does.
    path("api/schema/", SchemaView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        login_required(SpectacularSwaggerSplitView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
]

handler400 = "common.errors.bad_request"
handler403 = "common.errors.permission_denied"
handler404 = "common.errors.page_not_found"
handler500 = "common.errors.server_error"
