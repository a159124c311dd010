# ES2015 as real configs write it: const, let, arrow functions, template literals.
REG = NewRegistrar("none")
DSP = NewDnsProvider("bind")

regions = ["eu", "us", "ap"]


def api_host(region, n):
    return A(f"api-{region}", f"192.0.2.{n}")


per_region = [
    [api_host(region, 10 + i), CNAME(f"cdn-{region}", f"{region}.cdn.example.net.")]
    for i, region in enumerate(regions, start=1)
]

D("example.com", REG, DnsProvider(DSP),
    per_region,
    TXT("@", f"regions={','.join(regions)}"),
)
