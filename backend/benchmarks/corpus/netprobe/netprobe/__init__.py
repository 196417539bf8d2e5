"""Network reachability probes and a statsd-style metrics client."""
