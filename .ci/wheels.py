"""CI: the three distributions built, installed and run as a user gets them.

``make wheels-check`` (which ``.ci/run`` calls after ``make test``) runs this with the CI venv's
Python, which has ``build`` and setuptools (the ``test`` extra). It

1. copies the files git knows (committed or not, but not ignored) to a temporary folder, so
   that no ``build/`` or ``*.egg-info`` left in the source tree adds files to the packages, and
   builds there the sdist and the wheel of dnsframe, dnsframe-gandi-v5 and
   gandi-livedns-sandbox with ``python -m build --no-isolation`` (the wheel is built from the
   sdist, so both are checked);
2. checks that every file of each package folder that is not Python (the JSON schemas, the JS
   prelude, py.typed) is in its wheel and in its sdist;
3. installs the three wheels into a new virtual environment (no editable install; the
   dependencies come from the package index) and, from an empty temporary folder, runs
   ``dnsframe --version``, ``dnsframe version``, ``dnsframe providers``, ``print-ir``, then
   ``preview``, ``push`` and ``preview --expect-no-changes`` against the installed
   ``gandi-sandbox`` command.

Everything is written under one temporary folder, removed at the end; nothing in the source
tree changes. About 13 seconds, most of it pip installing the dependencies (from its cache).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: (source folder inside the repository, its package, which holds ``__version__``)
DISTRIBUTIONS = (
    (".", "dnsframe"),
    ("providers/gandi_v5", "dnsframe_gandi_v5"),
    ("providers/gandi_sandbox", "gandi_sandbox"),
)
TOKEN = "wheels-check-token-0123456789"
DOMAIN = "example.tld,empty"

CONFIG = """\
REG = NewRegistrar("none")
GANDI = NewDnsProvider("gandi", "GANDI_V5")
D("example.tld", REG, DnsProvider(GANDI),
    A("@", "192.0.2.1"),
    MX("@", 10, "mail.example.tld."),
    TXT("@", "v=spf1 -all"),
)
"""


def step(title: str) -> None:
    print(f"--- {title}", flush=True)


def run(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    """Run a command; its stdout. A failure prints what it wrote and stops the check."""
    proc = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        sys.exit(
            f"FAILED ({proc.returncode}): {' '.join(map(str, args))}\n{proc.stdout}{proc.stderr}"
        )
    return proc.stdout


def data_files(source: Path, package: str) -> set[str]:
    """The package's files that are not Python, as paths inside the wheel."""
    folder = source / package
    return {
        p.relative_to(source).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and p.suffix not in {".py", ".pyc"} and "__pycache__" not in p.parts
    }


def project_name(source: Path) -> str:
    with (source / "pyproject.toml").open("rb") as handle:
        name: str = tomllib.load(handle)["project"]["name"]
        return name.replace("-", "_")


def copy_sources(to: Path) -> None:
    """The repository's files as a fresh clone with the uncommitted changes would have them."""
    listed = run("git", "-C", ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            target = to / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def build(tree: Path, dist: Path) -> None:
    for folder, package in DISTRIBUTIONS:
        source = tree / folder
        run(sys.executable, "-m", "build", "--no-isolation", "--outdir", dist, source)
        name = project_name(source)
        [wheel] = dist.glob(f"{name}-*.whl")
        [sdist] = dist.glob(f"{name}-*.tar.gz")
        wanted = data_files(source, package)
        if not wanted:
            sys.exit(f"{package}: no data file found (py.typed at least): is the path right?")
        with zipfile.ZipFile(wheel) as zf:
            missing = wanted - set(zf.namelist())
        if missing:
            sys.exit(f"{wheel.name} lacks {sorted(missing)}: see [tool.setuptools.package-data]")
        with tarfile.open(sdist) as tf:
            top = sdist.name.removesuffix(".tar.gz")
            in_sdist = {n.removeprefix(top + "/") for n in tf.getnames()}
        missing = wanted - in_sdist
        if missing:
            sys.exit(f"{sdist.name} lacks {sorted(missing)}")
        print(f"{wheel.name}, {sdist.name}: {len(wanted)} data files each", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def check_installed(dist: Path, work: Path) -> None:
    venv = work / "venv"
    run(sys.executable, "-m", "venv", venv)
    bin_dir = venv / "bin"
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"} and not k.startswith("DNSFRAME_")
    }
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    wheels = sorted(dist.glob("*.whl"))
    run(bin_dir / "python", "-m", "pip", "install", "--quiet", *wheels, env=env)
    here = work / "user"
    here.mkdir()

    def dnsframe(*args: str) -> str:
        return run(bin_dir / "dnsframe", *args, cwd=here, env=env)

    step("the installed commands, from an empty folder")
    # Nothing may come from the source tree: the modules are the venv's own.
    where = run(
        bin_dir / "python",
        "-c",
        "import dnsframe, dnsframe_gandi_v5, gandi_sandbox; "
        "print(dnsframe.__file__, dnsframe_gandi_v5.__file__, gandi_sandbox.__file__)",
        cwd=here,
        env=env,
    ).split()
    outside = [w for w in where if not Path(w).is_relative_to(venv)]
    if outside:
        sys.exit(f"imported from outside the new venv: {outside}")
    versions = {
        package: run(
            bin_dir / "python", "-c", f"import {package}; print({package}.__version__)", cwd=here
        ).strip()
        for _, package in DISTRIBUTIONS
    }
    out = dnsframe("--version")
    if out != f"dnsframe, version {versions['dnsframe']}\n":
        sys.exit(f"dnsframe --version printed {out!r}")
    out = dnsframe("version")
    print(out, end="")
    if f"dnsframe-gandi-v5 {versions['dnsframe_gandi_v5']}: GANDI_V5" not in out:
        sys.exit(f"dnsframe version does not list the installed plugin:\n{out}")
    out = run(bin_dir / "gandi-sandbox", "--version", cwd=here, env=env)
    if versions["gandi_sandbox"] not in out:
        sys.exit(f"gandi-sandbox --version printed {out!r}")
    providers = json.loads(dnsframe("providers", "--json"))
    types = {p["type"] for p in providers}
    if not {"GANDI_V5", "BIND", "NONE"} <= types:
        sys.exit(f"dnsframe providers lists {sorted(types)}")
    dnsframe("providers")
    print(f"dnsframe providers: {', '.join(sorted(types))}")

    (here / "dnsconfig.py").write_text(CONFIG, encoding="utf-8")
    # print-ir validates its output against the JSON schema the wheel carries.
    ir = json.loads(dnsframe("print-ir"))
    if [d["name"] for d in ir["domains"]] != ["example.tld"]:
        sys.exit(f"print-ir: {ir}")
    run(
        bin_dir / "python",
        "-c",
        "from importlib import resources; r = resources.files('dnsframe'); "
        "assert r.joinpath('jsprelude.js').read_text(); "
        "assert r.joinpath('schemas/ir.schema.json').read_text()",
        cwd=here,
        env=env,
    )

    step("preview and push against the installed gandi-sandbox command")
    port = free_port()
    sandbox = subprocess.Popen(
        [bin_dir / "gandi-sandbox", "--port", str(port), "--token", TOKEN, "--domain", DOMAIN],
        cwd=here,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert sandbox.stdout is not None
        first = sandbox.stdout.readline()
        url = f"http://127.0.0.1:{port}"
        if first.strip() != f"Gandi sandbox listening on {url}":
            sys.exit(f"gandi-sandbox printed {first!r}")
        creds = {"gandi": {"TYPE": "GANDI_V5", "token": "$GANDI_TOKEN", "apiurl": url}}
        (here / "creds.json").write_text(json.dumps(creds), encoding="utf-8")
        env["GANDI_TOKEN"] = TOKEN
        out = dnsframe("preview")
        print(out, end="")
        if "192.0.2.1" not in out or TOKEN in out:
            sys.exit("preview does not show the A record to create")
        dnsframe("push")
        # What the push wrote is what the config says: exit 0, not 2.
        dnsframe("preview", "--expect-no-changes")
        print("push applied it; preview --expect-no-changes finds nothing left to do")
    finally:
        sandbox.terminate()
        sandbox.wait(timeout=20)


def main() -> None:
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="dnsframe-wheels-") as tmp:
        work = Path(tmp)
        dist = work / "dist"
        step(f"python -m build --no-isolation of {len(DISTRIBUTIONS)} distributions")
        copy_sources(work / "src")
        build(work / "src", dist)
        check_installed(dist, work)
    print(f"wheels check passed in {time.monotonic() - started:.1f}s")


if __name__ == "__main__":
    main()
