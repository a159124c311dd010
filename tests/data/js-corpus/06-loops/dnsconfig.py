# Loops over data: many hosts, many zones.
REG = NewRegistrar("none")
DSP = NewDnsProvider("bind")

servers = {
    "web1": "10.0.0.11",
    "web2": "10.0.0.12",
    "db1": "10.0.1.21",
}

records = []
for name in servers:
    records.append(A(name, servers[name]))
# A pool of addresses, counted from IP().
for i in range(1, 5):
    records.append(A("pool", IP("10.0.2.0") + i))

parked = ["example.info", "example.biz", "example.xyz"]
for domain in parked:
    D(domain, REG, DnsProvider(DSP),
        A("@", "192.0.2.99"),
        TXT("@", "parked: " + domain),
    )

D("example.com", REG, DnsProvider(DSP), records)

# getConfiguredDomains(): every zone declared so far gets the same CAA.
for zone in getConfiguredDomains():
    D_EXTEND(zone, CAA("@", "issue", "letsencrypt.org"))
