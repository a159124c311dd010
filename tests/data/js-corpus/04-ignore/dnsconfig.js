// Records that another system manages: left alone by dnsframe.
var REG = NewRegistrar("none");
var DSP = NewDnsProvider("bind");

D("example.com", REG, DnsProvider(DSP),
    IGNORE("_acme-challenge", "TXT"),          // certbot writes these
    IGNORE("*.k8s", "A,AAAA"),                 // external-dns
    IGNORE_NAME("legacy"),
    IGNORE_TARGET("**.acm-validations.aws.", "CNAME"),
    A("@", "192.0.2.1")
);
