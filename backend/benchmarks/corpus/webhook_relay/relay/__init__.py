"""Webhook relay: receives provider webhooks, stores them and forwards them."""
