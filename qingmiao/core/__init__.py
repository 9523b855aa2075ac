"""The seams every chain app shares: service errors onto forms and the API, scoped getters,
list export, notifications, background jobs and their progress."""
