"""The text wing: facts about characters that every other wing shares.

It owns writing systems, look-alike folding and romanisation (``scripts``).
Pure functions over strings; it imports nothing from transpipe but the core
wing.
"""
