# require_glob(): every file of domains/ and its subfolders, in the order of their paths.
REG = NewRegistrar("none")
DSP = NewDnsProvider("bind")
D("example.com", REG, DnsProvider(DSP), A("@", "192.0.2.1"))
D("example.net", REG, DnsProvider(DSP), A("@", "192.0.2.2"))
D("example.org", REG, DnsProvider(DSP), A("@", "192.0.2.3"))
