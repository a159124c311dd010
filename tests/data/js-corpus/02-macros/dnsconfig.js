/* Macros: records kept in arrays, and functions that make records. */
var REG = NewRegistrar("none");
var DNS_BIND = NewDnsProvider("bind");
var DNS_GANDI = NewDnsProvider("gandi");

// Google Workspace mail, as an array.
var GOOGLE_MAIL = [
    MX("@", 1, "aspmx.l.google.com."),
    MX("@", 5, "alt1.aspmx.l.google.com."),
    MX("@", 5, "alt2.aspmx.l.google.com."),
    TXT("@", "v=spf1 include:_spf.google.com ~all"),
];

// A web host: the apex and www, at one address.
function webHost(ip, ttl) {
    return [
        A("@", ip, TTL(ttl || 300)),
        A("www", ip, TTL(ttl || 300)),
    ];
}

D("example.com", REG, DnsProvider(DNS_BIND), DnsProvider(DNS_GANDI, 0),
    GOOGLE_MAIL,
    webHost("192.0.2.10")
);

D("example.net", REG, DnsProvider(DNS_BIND),
    GOOGLE_MAIL,
    webHost("192.0.2.20", 3600),
    CNAME("shop", "example.com.")
);
