"""Ticket tracking service."""
