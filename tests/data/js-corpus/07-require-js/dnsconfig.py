# require() of .js files: the providers and the macros live in lib/ (inlined here).
REG = NewRegistrar("none")
DSP = NewDnsProvider("bind")


def FASTMAIL(domain):
    return [
        MX("@", 10, "in1-smtp.messagingengine.com."),
        MX("@", 20, "in2-smtp.messagingengine.com."),
        CNAME("fm1._domainkey", "fm1." + domain + ".dkim.fmhosted.com."),
    ]


D("example.com", REG, DnsProvider(DSP),
    FASTMAIL("example.com"),
    A("@", "192.0.2.5"),
)
