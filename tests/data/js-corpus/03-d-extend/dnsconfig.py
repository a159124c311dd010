# D_EXTEND: a zone written in several places, and a subdomain's records added to its parent.
REG = NewRegistrar("none")
DSP = NewDnsProvider("bind")

D("example.org", REG, DnsProvider(DSP),
    A("@", "198.51.100.1"),
)

# Later, maybe in another file: more of the same zone.
D_EXTEND("example.org",
    A("ftp", "198.51.100.2"),
    TXT("_acme-challenge", "token"),
)

# The records of a subdomain, written relative to it.
D_EXTEND("lab.example.org",
    A("@", "198.51.100.10"),  # lab.example.org
    A("db", "198.51.100.11"),  # db.lab.example.org
    CNAME("www", "@"),
)
