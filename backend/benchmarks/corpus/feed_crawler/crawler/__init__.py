"""RSS/Atom feed crawler."""
