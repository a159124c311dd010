REG = NewRegistrar("none")
DNS = NewDnsProvider("bind")
D("example.com!internal", REG, DnsProvider(DNS), A("@", "10.0.0.1"), TXT("n", "1"), TXT("m", "2"))
