"""Two clients' addresses behind the proxy (documentation ranges, RFC 5737)."""

CLIENT_A = "203.0.113.10"
CLIENT_B = "198.51.100.20"
