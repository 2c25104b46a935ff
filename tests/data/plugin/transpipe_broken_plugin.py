"""A test-only plug-in whose import fails, as one with a missing dependency does."""

raise ImportError("transpipe_broken_plugin needs the frobnicator library")
