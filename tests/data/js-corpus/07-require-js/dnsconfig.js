// require() of .js files: the providers and the macros live in lib/.
require("./lib/providers.js");

D("example.com", REG, DnsProvider(DSP),
    FASTMAIL("example.com"),
    A("@", "192.0.2.5")
);
