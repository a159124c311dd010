// The smallest useful config: one registrar, one DNS provider, one zone.
var REG_NONE = NewRegistrar("none");
var DSP_BIND = NewDnsProvider("bind");

D("example.com", REG_NONE, DnsProvider(DSP_BIND),
    A("@", "192.0.2.1"),            // the apex
    A("www", "192.0.2.1", TTL(600)),
    AAAA("www", "2001:db8::1"),
    CNAME("blog", "example.github.io."),
    MX("@", 10, "mail.example.com."),
    MX("@", 20, "mail2"),
    TXT("@", "v=spf1 mx -all"),
    SRV("_sip._tcp", 10, 60, 5060, "sip.example.com."),
    CAA("@", "issue", "letsencrypt.org")
);
