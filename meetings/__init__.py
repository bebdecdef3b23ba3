"""Meetings of the partnership (and any other body), their items, resolutions and attendance."""
