"""Model serving: loads artefacts from a bundle store and serves predictions."""
