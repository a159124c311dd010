// Vendor modifiers written for other providers: kept as metadata, ignored where unused.
var REG = NewRegistrar("none");
var CF = NewDnsProvider("cloudflare");

D("example.com", REG, DnsProvider(CF), CF_PROXY_DEFAULT_OFF,
    A("@", "192.0.2.1", CF_PROXY_ON),
    A("www", "192.0.2.1", CF_PROXY_ON, CF_COMMENT("the site")),
    CNAME("files", "bucket.example.net.", CF_PROXY_OFF),
    A("dyn", "192.0.2.50", HEDNS_DYNAMIC_ON)
);
