// Every construct the converter translates, in one config.
var REG = NewRegistrar("none");
const DNS = NewDnsProvider("bind");

let ttl = 600;
var hosts = {www: "192.0.2.10", api: "192.0.2.11"};
var aliases = ["blog", "shop"];
var servers = [
    {name: "ns1", ip: "192.0.2.53"},
    {name: "ns2", ip: "192.0.2.54"},
];

// A macro as a function that returns a list.
function mail(domain, prio) {
    var target = "mx." + domain + ".";
    return [MX("@", prio, target), TXT("@", `v=spf1 mx include:${domain} -all`)];
}

// Arrow functions: an expression body and a block body.
const web = (label) => A(label, hosts.www, TTL(ttl));
const counted = (n) => {
    var out = [];
    for (var i = 1; i <= n; i++) {
        out.push(A("node" + i, "192.0.2." + (100 + i)));
    }
    return out;
};

D("example.com", REG, DnsProvider(DNS),
    DefaultTTL(3600),
    web("@"),
    web("www"),
    mail("example.net", 10),
    counted(3),
    aliases.map(function (a) { return CNAME(a, "www"); }),
    servers.map((s) => A(s.name, s.ip)),
    aliases.map((a, i) => TXT(`alias-${i}`, a.toUpperCase())),
    TXT("count", "aliases: " + aliases.length),
    TXT("yes", ttl > 300 ? "long" : "short"),
);

for (var name in hosts) {
    D_EXTEND("example.com", A("in-" + name, hosts[name]));
}
for (const s of servers) {
    D_EXTEND("example.com", NS("sub", s.name + ".example.com."));
}
servers.forEach(function (s, i) {
    if (i === 0) {
        return;
    }
    D_EXTEND("example.com", TXT("second", s.name));
});
var n = 0;
while (n < 2) {
    D_EXTEND("example.com", TXT("w" + n, "loop"));
    n += 1;
}
