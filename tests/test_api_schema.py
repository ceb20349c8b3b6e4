"""Schemathesis against the API's own OpenAPI schema: generated requests to every GET endpoint
never get a server error, and every answer matches the documented status codes, content type
and response schema. Bounded: at most :data:`EXAMPLES` examples per operation (a few hundred in
all)."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi")
schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, settings  # noqa: E402

import webdb  # noqa: E402
from eventwire.api.app import create_app  # noqa: E402
from eventwire.api.snapshot import Snapshots  # noqa: E402

pytestmark = pytest.mark.slow

#: Examples per API operation.
EXAMPLES = 30


@pytest.fixture(scope="module")
def app(tmp_path_factory, pipeline, seed_article):
    db = webdb.build(tmp_path_factory.mktemp("schema") / "web.duckdb", pipeline, seed_article)
    snaps = Snapshots(db).open()
    yield create_app(db, snapshots=snaps)
    snaps.close()


def test_api_answers_as_documented(app):
    from hypothesis import given
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (content_type_conformance, response_schema_conformance,
                                                   status_code_conformance)

    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    checks = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
    ops = [op.ok() for op in schema.get_all_operations()]
    assert len(ops) >= 10, [o.label for o in ops]
    calls = 0
    for op in ops:
        @given(op.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def run(case):
            nonlocal calls
            calls += 1
            case.call_and_validate(checks=checks)

        run()
    print(f"schemathesis: {calls} requests over {len(ops)} operations")
    assert calls >= 5 * len(ops)
