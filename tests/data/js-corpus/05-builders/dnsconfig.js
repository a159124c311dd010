// The builders: SPF, DMARC, CAA.
var REG = NewRegistrar("none");
var DSP = NewDnsProvider("bind");

D("example.com", REG, DnsProvider(DSP),
    SPF_BUILDER({
        label: "@",
        parts: [
            "v=spf1",
            "ip4:192.0.2.0/24",
            "include:_spf.google.com",
            "include:mailgun.org",
            "~all",
        ],
    }),
    DMARC_BUILDER({
        policy: "reject",
        subdomainPolicy: "quarantine",
        rua: ["mailto:dmarc@example.com"],
        percent: 100,
    }),
    CAA_BUILDER({
        label: "@",
        iodef: "mailto:security@example.com",
        issue: ["letsencrypt.org", "sectigo.com"],
        issuewild: "none",
    })
);
