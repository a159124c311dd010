"""The provider conformance suite, shipped for plugin authors.

Every provider runs the same groups of desired states (:data:`GROUPS`); after each push its zone
must equal the desired state and a second preview must find nothing. See
:mod:`dnsframe.testing.plugin` for how a provider's test suite enables it.
"""

from __future__ import annotations

from typing import Any

import pytest

from dnsframe.testing.groups import GROUPS, Group, Step
from dnsframe.testing.runner import GroupResult, Skip, Target, run_group

__all__ = ["GROUPS", "Group", "GroupResult", "Skip", "Step", "Target", "check_group", "run_group"]


def check_group(target: Target, group: Group, request: Any = None) -> GroupResult:
    """Run ``group`` against ``target`` in a pytest test: a missing capability skips the test
    (the reason names it); with ``request`` (pytest's fixture), the request counts go to
    ``--conformance-report``."""
    try:
        result = run_group(target, group)
    except Skip as exc:
        pytest.skip(str(exc))
    if request is not None:
        from dnsframe.testing.plugin import record_result

        record_result(request.config, target.type_name, result)
    return result
