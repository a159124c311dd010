D("example.org", REG, DnsProvider(DSP), A("@", "192.0.2.3"));
