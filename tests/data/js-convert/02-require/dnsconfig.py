REG = NewRegistrar("none")
DNS = NewDnsProvider("bind")
D("example.com", REG, DnsProvider(DNS),
    A("office", "198.51.100.1", TTL(300)), TXT("office", "hq"), A("@", "198.51.100.2"))
D("b.example", REG, DnsProvider(DNS), A("@", "198.51.100.20"))
D("a.example", REG, DnsProvider(DNS), CNAME("www", "b.example."))
