D("a.example", NewRegistrar("none"), DnsProvider(NewDnsProvider("bind")),
    CNAME("www", "b.example."));
