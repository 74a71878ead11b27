"""Backups that restore: one encrypted file holding the database, the media and a manifest."""
