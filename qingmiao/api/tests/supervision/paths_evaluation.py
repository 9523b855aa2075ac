"""The democratic evaluation and annual appraisal endpoints in the schema: path → its
operations (test_docs unites every area's set)."""

EVALUATION_PATHS = {
    "/api/v1/supervision/evaluations/": {"get", "post"},
    "/api/v1/supervision/evaluations/{id}/": {"get"},
    "/api/v1/supervision/evaluations/{id}/slips/": {"post"},
    "/api/v1/supervision/evaluations/{id}/recipients/": {"post"},
    "/api/v1/supervision/evaluations/{id}/close/": {"post"},
    "/api/v1/supervision/evaluations/{id}/results/": {"get"},
    "/api/v1/supervision/appraisals/": {"get"},
    "/api/v1/supervision/appraisals/propose/": {"post"},
    "/api/v1/supervision/appraisals/import/": {"post"},
    "/api/v1/supervision/appraisals/confirm/": {"post"},
    "/api/v1/supervision/appraisals/quota/": {"post"},
    "/api/v1/supervision/slips/open/": {"post"},
    "/api/v1/supervision/ballots/": {"post"},
}
