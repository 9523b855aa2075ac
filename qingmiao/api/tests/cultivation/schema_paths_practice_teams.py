"""The practice and teams endpoints in the schema: path → its operations."""

PRACTICE_TEAMS_PATHS = {
    "/api/v1/practice-assignments/": {"get", "post"},
    "/api/v1/practice-assignments/{id}/": {"get", "patch"},
    "/api/v1/practice-assignments/{id}/reports/": {"get", "post"},
    "/api/v1/practice-assignments/{id}/evaluation/": {"get", "post"},
    "/api/v1/teams/": {"get", "post"},
    "/api/v1/teams/{id}/": {"get", "patch"},
    "/api/v1/teams/{id}/members/": {"post"},
    "/api/v1/teams/{id}/members/remove/": {"post"},
    "/api/v1/teams/{id}/tasks/": {"get", "post"},
    "/api/v1/teams/{id}/leader/": {"post"},
    "/api/v1/team-invitations/": {"get", "post"},
    "/api/v1/team-invitations/{id}/": {"get"},
    "/api/v1/team-invitations/{id}/accept/": {"post"},
    "/api/v1/team-invitations/{id}/decline/": {"post"},
    "/api/v1/team-invitations/{id}/withdraw/": {"post"},
    "/api/v1/team-tasks/{id}/done/": {"post"},
}
