"""Spoken-form helpers for loudspeaker scripts (Vietnamese numbers, dates, abbreviations)."""
