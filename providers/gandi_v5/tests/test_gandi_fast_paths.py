"""GANDI_V5's shortcut in reading a zone, held to the path it skips."""

from __future__ import annotations

from dnsframe_gandi_v5.rrsets import label_of, parse_zone
from hypothesis import example, given
from hypothesis import strategies as st


@given(st.text(max_size=20), st.sampled_from(["example.tld", "tld", "a.b.c"]))
@example("www", "example.tld")
@example("\u00df", "example.tld")
@example("tld", "tld")
def test_a_lowercase_alphanumeric_name_is_its_own_label(name: str, zone: str) -> None:
    """parse_zone takes a name that is alphanumeric and lowercase as its label as it is."""
    if name.isalnum() and name.islower():
        assert label_of(name, zone) == name
    rrset = {"rrset_name": name, "rrset_type": "TXT", "rrset_ttl": 300, "rrset_values": ['"x"']}
    assert [r.name for r in parse_zone(zone, [rrset]).records] == [label_of(name, zone)]
