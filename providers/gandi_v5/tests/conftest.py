"""The GANDI_V5 tests' fixtures come from two shipped pytest plugins, enabled with ``-p`` in
pyproject.toml (this distribution's, and the repository's): ``dnsframe.testing.fixtures`` (the
real ``dnsframe`` command as ``run`` in a scratch ``workdir``, ``write``, loopback only, plugins
loaded afresh for every test) and ``gandi_sandbox.pytest_plugin`` (``gandi_sandbox``, a started
local Gandi API that accepts the token ``test-token``)."""
