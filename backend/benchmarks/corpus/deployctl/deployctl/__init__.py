"""Deployment helper: builds images, pushes them and waits for rollouts."""
