"""Websocket chat gateway with uploads and transcript export."""
