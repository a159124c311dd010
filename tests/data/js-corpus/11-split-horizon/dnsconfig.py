# Split horizon: one zone, two views, each at its own provider.
REG = NewRegistrar("none")
DSP_OUTSIDE = NewDnsProvider("bind")
DSP_INSIDE = NewDnsProvider("bind_inside")

COMMON = [
    MX("@", 10, "mail.example.com."),
]

D("example.com!outside", REG, DnsProvider(DSP_OUTSIDE),
    COMMON,
    A("www", "203.0.113.10"),
)

D("example.com!inside", REG, DnsProvider(DSP_INSIDE),
    COMMON,
    A("www", "10.1.1.10"),
    A("intranet", "10.1.1.20"),
)
