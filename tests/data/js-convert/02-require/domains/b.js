D("b.example", NewRegistrar("none"), DnsProvider(NewDnsProvider("bind")), A("@", "198.51.100.20"));
