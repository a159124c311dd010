# dnsconfig.example.py: the zones of a small company whose domains are at Gandi.
#
# dnsconfig.py is plain Python with DNSControl's functions in scope: D() declares a domain,
# A(), MX(), TXT() ... its records. Each NewDnsProvider / NewRegistrar names a key of creds.json.
#
#   dnsframe check    --config dnsconfig.example.py     # validate, offline
#   dnsframe print-ir --config dnsconfig.example.py     # the result as JSON

# Two Gandi organizations: each creds.json key has its own token (and sharing_id).
REG_GANDI = NewRegistrar("gandi", "GANDI_V5")
GANDI = NewDnsProvider("gandi", "GANDI_V5")
GANDI_ORG2 = NewDnsProvider("gandi-org2", "GANDI_V5")

DEFAULTS(DefaultTTL("1h"))


def gandi_mail():
    """Gandi's mail service, as a macro: a list of records used by several domains."""
    return [
        MX("@", 10, "spool.mail.gandi.net."),
        MX("@", 50, "fb.mail.gandi.net."),
        CNAME("webmail", "webmail.gandi.net."),
        SRV("_imaps._tcp", 0, 1, 993, "mail.gandi.net."),
        SRV("_submission._tcp", 0, 1, 465, "mail.gandi.net."),
    ]


D("example.tld", REG_GANDI, DnsProvider(GANDI),
    A("@", "192.0.2.10"),
    AAAA("@", "2001:db8::10"),
    A("www", "192.0.2.10"),
    AAAA("www", "2001:db8::10"),
    CNAME("blog", "www"),
    A("test", "1.2.3.4", TTL("5m")),
    gandi_mail(),
    SPF_BUILDER({"parts": ["v=spf1", "include:_mailcust.gandi.net", "-all"]}),
    DMARC_BUILDER({"policy": "quarantine", "rua": ["mailto:dmarc@example.tld"]}),
    CAA_BUILDER({"iodef": "mailto:security@example.tld", "issue": ["letsencrypt.org"],
                 "issuewild": "none"}),
    TXT("google._domainkey", "v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"),
    # Certificates are renewed by another tool: leave its challenge records alone.
    IGNORE("_acme-challenge", "TXT"),
)

# The shop runs on the second organization's account.
D("example-shop.tld", REG_GANDI, DnsProvider(GANDI_ORG2),
    DefaultTTL("10m"),
    A("@", "198.51.100.7"),
    CNAME("www", "@"),
    gandi_mail(),
    TXT("@", "v=spf1 include:_mailcust.gandi.net -all"),
)

# Staging lives in a subdomain of example.tld, written as if it were its own zone.
D_EXTEND("staging.example.tld",
    A("@", "192.0.2.50"),
    CNAME("api", "@"),
)
