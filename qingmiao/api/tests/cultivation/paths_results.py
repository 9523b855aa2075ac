"""The results and plans endpoints in the schema: path → its operations (test_docs unites
every area's set)."""

RESULTS_PLANS_PATHS = {
    "/api/v1/cultivation/deliverables/": {"get", "post"},
    "/api/v1/cultivation/deliverables/{id}/": {"get", "patch"},
    "/api/v1/cultivation/deliverable-outcomes/{id}/": {"patch"},
    "/api/v1/cultivation/deliverables/{id}/outcomes/": {"post"},
    "/api/v1/cultivation/my/deliverables/": {"get"},
    "/api/v1/cultivation/investments/": {"get", "post"},
    "/api/v1/cultivation/investments/{id}/": {"get", "patch"},
    "/api/v1/cultivation/problems/": {"get", "post"},
    "/api/v1/cultivation/problems/{id}/": {"get"},
    "/api/v1/cultivation/results-summary/": {"get"},
    "/api/v1/cultivation/plan-templates/": {"get", "post"},
    "/api/v1/cultivation/plan-templates/{id}/": {"get"},
    "/api/v1/cultivation/plans/": {"get", "post"},
    "/api/v1/cultivation/plans/{id}/": {"get"},
    "/api/v1/cultivation/my/plan/": {"get"},
    "/api/v1/cultivation/plan-milestones/{id}/": {"get"},
    "/api/v1/cultivation/plan-milestones/{id}/done/": {"post"},
    "/api/v1/cultivation/plan-milestones/{id}/confirm/": {"post"},
    "/api/v1/cultivation/plan-milestones/{id}/return/": {"post"},
}
