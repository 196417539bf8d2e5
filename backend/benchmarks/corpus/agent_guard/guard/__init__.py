"""Agent middleware for auditing, policy checks and budgets."""
