# require() of a .json file: the data, the code loops over it.
import json
from pathlib import Path

REG = NewRegistrar("none")
DSP = NewDnsProvider("bind")
hosts = json.loads((Path(__file__).parent / "hosts.json").read_text())

for domain, info in hosts.items():
    D(domain, REG, DnsProvider(DSP),
        A("@", info["ip"]),
        [CNAME(alias, "@") for alias in info["aliases"]],
    )
