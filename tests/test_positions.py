"""Every record knows the line that made it, also in very large configs, where the line is
found through a line map of the code object (``frame.f_lineno`` walks the whole line table
each time, which made one-record-per-line configs quadratic)."""

from __future__ import annotations

from pathlib import Path

from dnsframe.dsl import state
from dnsframe.evaluate import load_config


def test_every_record_of_a_large_config_has_its_own_line(tmp_path: Path) -> None:
    lines = ['REG = NewRegistrar("none")', 'D("big.tld", REG,']
    expected = {}
    for i in range(3000):
        if i % 7 == 0:  # a record written over two lines: the call's first line counts
            lines += [f'    A("h{i}",', f'      "10.0.{i // 256}.{i % 256}"),']
            expected[f"h{i}"] = len(lines) - 1
        else:
            lines.append(f'    A("h{i}", "10.0.{i // 256}.{i % 256}"),')
            expected[f"h{i}"] = len(lines)
        if i % 500 == 0:
            lines.append("    # a comment line")
    lines.append(")")
    path = tmp_path / "dnsconfig.py"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = load_config(path)
    module = compile(path.read_text(), str(path.resolve()), "exec")
    assert len(module.co_code) >= state._BIG_CODE  # the line map is what is tested here
    found = {r.name: r.source.line for r in config.domains[0].records if r.source}
    assert found == expected
