"""Reports and presentations attached to agenda items: models, extraction, the attach service, views.

Files are kept in the private source-document storage (meetings/storage.py), never under a served
folder; who may see a report is decided by meetings/visibility.py's `report_filter`.
"""
