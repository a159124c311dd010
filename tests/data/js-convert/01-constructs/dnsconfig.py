# Hand-written equivalent of dnsconfig.js.
REG = NewRegistrar("none")
DNS = NewDnsProvider("bind")

D("example.com", REG, DnsProvider(DNS),
    DefaultTTL(3600),
    A("@", "192.0.2.10", TTL(600)),
    A("www", "192.0.2.10", TTL(600)),
    MX("@", 10, "mx.example.net."),
    TXT("@", "v=spf1 mx include:example.net -all"),
    A("node1", "192.0.2.101"),
    A("node2", "192.0.2.102"),
    A("node3", "192.0.2.103"),
    CNAME("blog", "www"),
    CNAME("shop", "www"),
    A("ns1", "192.0.2.53"),
    A("ns2", "192.0.2.54"),
    TXT("alias-0", "BLOG"),
    TXT("alias-1", "SHOP"),
    TXT("count", "aliases: 2"),
    TXT("yes", "long"),
)
D_EXTEND("example.com", A("in-www", "192.0.2.10"), A("in-api", "192.0.2.11"))
D_EXTEND("example.com", NS("sub", "ns1.example.com."), NS("sub", "ns2.example.com."))
D_EXTEND("example.com", TXT("second", "ns2"))
D_EXTEND("example.com", TXT("w0", "loop"), TXT("w1", "loop"))
