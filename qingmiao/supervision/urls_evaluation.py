"""管 · democratic evaluation (民主测评) with anonymous ballot slips, annual
appraisal (年度考核) with the 优秀 quota: pages.
"""

from django.urls import path

from .views import appraisals, evaluations, voting

urlpatterns: list = [
    path("evaluations/", evaluations.evaluation_list, name="evaluation_list"),
    path("evaluations/export/", evaluations.evaluation_export, name="evaluation_export"),
    path("evaluations/new/", evaluations.evaluation_create, name="evaluation_create"),
    path("evaluations/<int:pk>/", evaluations.evaluation_detail, name="evaluation_detail"),
    path("evaluations/<int:pk>/slips/", evaluations.slips_issue, name="slips_issue"),
    path("evaluations/<int:pk>/send/", evaluations.recipients_send, name="recipients_send"),
    path("evaluations/<int:pk>/close/", evaluations.evaluation_close, name="evaluation_close"),
    path("evaluations/<int:pk>/results/export/", evaluations.results_export, name="results_export"),
    path("evaluations/<int:pk>/draw/", voting.slip_draw, name="slip_draw"),
    # The voter's pages: no login, the slip's code is the credential.
    path("vote/", voting.vote_start, name="vote_start"),
    path("vote/<int:evaluation>/cast/", voting.vote_cast, name="vote_cast"),
    path("vote/<int:evaluation>/<str:code>/", voting.vote_slip, name="vote_slip"),
    path("appraisals/", appraisals.appraisal_list, name="appraisal_list"),
    path("appraisals/export/", appraisals.appraisal_export, name="appraisal_export"),
    path("appraisals/entry/", appraisals.appraisal_entry, name="appraisal_entry"),
    path("appraisals/template/", appraisals.appraisal_template, name="appraisal_template"),
    path("appraisals/import/", appraisals.appraisal_import_view, name="appraisal_import"),
    path("appraisals/confirm/", appraisals.appraisal_confirm, name="appraisal_confirm"),
    path("appraisals/quota/", appraisals.appraisal_quota_view, name="appraisal_quota"),
]
