"""DeerFlow harness: config, run-event stores, checkpointer, skills and subagents."""
