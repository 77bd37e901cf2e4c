"""Runs student code in a separate, locked-down process."""
