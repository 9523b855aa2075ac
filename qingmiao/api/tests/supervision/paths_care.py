"""The care endpoints the schema lists (the schema test joins every area's paths)."""

CARE_PATHS = {
    "/api/v1/supervision/care/cases/",
    "/api/v1/supervision/care/cases/{id}/",
    "/api/v1/supervision/care/cases/{id}/unmask/",
    "/api/v1/supervision/care/cases/{id}/follow-ups/",
    "/api/v1/supervision/care/follow-ups/{id}/record/",
    "/api/v1/supervision/care/counts/",
    "/api/v1/supervision/care/flags/",
}
