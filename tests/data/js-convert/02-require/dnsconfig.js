var REG = NewRegistrar("none");
var DNS = NewDnsProvider("bind");
// macros from another file, data from JSON
require("./lib/macros.js");
var ips = require("./ips.json");

D("example.com", REG, DnsProvider(DNS), office(ips.office), A("@", ips.web));

// every file of domains/, sorted
require_glob("./domains/");
