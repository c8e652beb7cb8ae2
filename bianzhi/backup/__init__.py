"""Backup and restore of the whole registry: database, stored files and a manifest to verify."""
