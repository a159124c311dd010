D("example.com", REG, DnsProvider(DSP), A("@", "192.0.2.1"));
