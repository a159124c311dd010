# DEFAULTS, bare flags, TTLs as durations, nameservers, and -v variables with defaults.
CLI_DEFAULTS({"env": "prod"})
REG = NewRegistrar("none")
DSP = NewDnsProvider("bind", {"default_ns": ["ns1.example.net.", "ns2.example.net."]})

DEFAULTS(DefaultTTL("1h"), NAMESERVER_TTL("2d"))

D("example.com", REG, DnsProvider(DSP),
    NO_PURGE,
    AUTODNSSEC_ON,
    A("@", "192.0.2.1"),
    TXT("env", CLI_VARS["env"]),  # -v env=... or the default
    A("short", "192.0.2.2", TTL("5m")),
)
