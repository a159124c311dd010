// require() of a .json file: the data, the code loops over it.
var REG = NewRegistrar("none");
var DSP = NewDnsProvider("bind");
var hosts = require("./hosts.json");

for (var domain in hosts) {
    var info = hosts[domain];
    D(domain, REG, DnsProvider(DSP),
        A("@", info.ip),
        info.aliases.map(function (alias) { return CNAME(alias, "@"); })
    );
}
