// One zone per file.
D("example.net", REG, DnsProvider(DSP), A("@", "192.0.2.2"));
