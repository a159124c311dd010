#!/usr/bin/env bash
# The demo: dnsconfig.example.py previewed and pushed against a local Gandi sandbox, with the
# real GANDI_V5 provider code over real HTTP, and no Gandi account. `make demo` runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
work=$(mktemp -d)
free_port() { "$BIN/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port=$(free_port)
dns_port=$(free_port)
url="http://127.0.0.1:$port"

# The sandbox also answers DNS for its zones (--dns-port), as LiveDNS's nameservers would.
"$BIN/gandi-sandbox" --port "$port" --dns-port "$dns_port" --token demo-token-for-the-sandbox \
    --domain example.tld --domain example-shop.tld > "$work/sandbox.log" 2>&1 &
sandbox=$!
trap 'kill "$sandbox" 2>/dev/null || true; wait "$sandbox" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do
    "$BIN/python" - "$url" <<'PY' && break
import sys, urllib.request
try:
    urllib.request.urlopen(sys.argv[1] + "/v5/livedns/dns/rrtypes", timeout=1)
except urllib.error.HTTPError:
    pass  # it answers: 401 without a token is fine
except OSError:
    sys.exit(1)
PY
    sleep 0.1
done

# Both creds keys of the example point at the sandbox (at Gandi: two organizations, two tokens).
cat > "$work/creds.json" <<JSON
{"gandi":      {"TYPE": "GANDI_V5", "token": "\$DEMO_TOKEN", "apiurl": "$url"},
 "gandi-org2": {"TYPE": "GANDI_V5", "token": "\$DEMO_TOKEN", "apiurl": "$url"}}
JSON
export DEMO_TOKEN=demo-token-for-the-sandbox

step() { printf '\n$ %s\n' "$*"; "$@"; }
echo "Local Gandi sandbox at $url with example.tld and example-shop.tld (Gandi's default records);"
echo "its DNS server, at 127.0.0.1 port $dns_port, stands for LiveDNS's nameservers."
step "$BIN/dnsframe" preview --config dnsconfig.example.py --creds "$work/creds.json"
# The first push takes over zones that still hold Gandi's default records: it changes more of
# them than the change limit lets a push do unasked (the preview's WARNING says so), hence --force.
echo
echo "The preview's WARNING is dnsframe's change limit (SAFETY: by default a push changes at most a"
echo "third of a zone unless told to): taking over zones that still hold Gandi's default records"
echo "changes more than that, so this first push says --force. Without it, push would stop there."
step "$BIN/dnsframe" push --force --config dnsconfig.example.py --creds "$work/creds.json"
step "$BIN/dnsframe" preview --config dnsconfig.example.py --creds "$work/creds.json" --expect-no-changes
echo
echo "Then ask the nameservers themselves whether they answer what the config says (at Gandi:"
echo "its LiveDNS servers, on port 53; here the sandbox's, on port $dns_port):"
step "$BIN/dnsframe" verify --config dnsconfig.example.py --creds "$work/creds.json" --port "$dns_port" --full
echo
echo "The demo ran against the local sandbox; with a real token and no apiurl, the same commands talk to Gandi."
