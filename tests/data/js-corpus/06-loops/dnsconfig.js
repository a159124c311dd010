// Loops over data: many hosts, many zones.
var REG = NewRegistrar("none");
var DSP = NewDnsProvider("bind");

var servers = {
    web1: "10.0.0.11",
    web2: "10.0.0.12",
    db1: "10.0.1.21",
};

var records = [];
for (var name in servers) {
    records.push(A(name, servers[name]));
}
// A pool of addresses, counted from IP().
for (var i = 1; i <= 4; i++) {
    records.push(A("pool", IP("10.0.2.0") + i));
}

var parked = ["example.info", "example.biz", "example.xyz"];
parked.forEach(function (domain) {
    D(domain, REG, DnsProvider(DSP),
        A("@", "192.0.2.99"),
        TXT("@", "parked: " + domain)
    );
});

D("example.com", REG, DnsProvider(DSP), records);

// getConfiguredDomains(): every zone declared so far gets the same CAA.
var all = getConfiguredDomains();
for (var j = 0; j < all.length; j++) {
    D_EXTEND(all[j], CAA("@", "issue", "letsencrypt.org"));
}
