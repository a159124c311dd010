# Macros: records kept in lists, and functions that make records.
REG = NewRegistrar("none")
DNS_BIND = NewDnsProvider("bind")
DNS_GANDI = NewDnsProvider("gandi")

# Google Workspace mail, as a list.
GOOGLE_MAIL = [
    MX("@", 1, "aspmx.l.google.com."),
    MX("@", 5, "alt1.aspmx.l.google.com."),
    MX("@", 5, "alt2.aspmx.l.google.com."),
    TXT("@", "v=spf1 include:_spf.google.com ~all"),
]


# A web host: the apex and www, at one address.
def web_host(ip, ttl=None):
    return [
        A("@", ip, TTL(ttl or 300)),
        A("www", ip, TTL(ttl or 300)),
    ]


D("example.com", REG, DnsProvider(DNS_BIND), DnsProvider(DNS_GANDI, 0),
    GOOGLE_MAIL,
    web_host("192.0.2.10"),
)

D("example.net", REG, DnsProvider(DNS_BIND),
    GOOGLE_MAIL,
    web_host("192.0.2.20", 3600),
    CNAME("shop", "example.com."),
)
