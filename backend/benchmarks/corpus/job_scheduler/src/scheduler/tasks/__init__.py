"""Built-in task types."""
