// ES2015 as real configs write it: const, let, arrow functions, template literals.
const REG = NewRegistrar("none");
const DSP = NewDnsProvider("bind");

const regions = ["eu", "us", "ap"];
const apiHost = (region, n) => A(`api-${region}`, `192.0.2.${n}`);

let counter = 10;
const perRegion = regions.map((region) => {
    counter += 1;
    return [
        apiHost(region, counter),
        CNAME(`cdn-${region}`, `${region}.cdn.example.net.`),
    ];
});

D(`example.com`, REG, DnsProvider(DSP),
    perRegion,
    TXT("@", `regions=${regions.join(",")}`)
);
