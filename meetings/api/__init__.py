"""The read-only JSON API at /api/: events, agenda items, resolutions, people, organizations, attendance."""
