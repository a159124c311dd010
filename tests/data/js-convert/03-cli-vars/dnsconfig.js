// -v view=internal is a global in DNSControl
var view = (typeof view_name === "undefined") ? "external" : view_name;
var REG = NewRegistrar("none");
var DNS = NewDnsProvider("bind");
var counter = 0;
function next() {
    counter = counter + 1;
    return counter;
}
D("example.com!" + view, REG, DnsProvider(DNS),
    A("@", view === "internal" ? "10.0.0.1" : "192.0.2.1"),
    TXT("n", "" + next()),
    TXT("m", "" + next())
);
