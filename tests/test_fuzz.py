"""The JSON API under fuzzing: Schemathesis generates requests from the OpenAPI description the
app serves at /api/openapi.json, valid ones and invalid ones, and sends them to the app
in-process (WSGI) with a staff bearer token, and judges every answer with every check of
`schemathesis run --checks all`: a documented status code, content type, body and headers,
never a 5xx, invalid data refused, valid data taken (or refused for a reason the description
states), and no operation that declares security answering without credentials.

Slow (about 90 seconds): `pytest -m fuzz`, and `pytest -m slow` in .ci/run. Bounded and
repeatable: 45 examples per operation, derandomized, no example database on disk. Skipped
where schemathesis is not installed."""
import os
import shutil

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="the fuzz tests need schemathesis")

from hypothesis import HealthCheck, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from schemathesis import GenerationMode  # noqa: E402
from schemathesis.checks import CHECKS as REGISTRY, load_all_checks  # noqa: E402

from live import create_app  # noqa: E402
from live.core.extensions import db  # noqa: E402
from live.web.openapi import spec  # noqa: E402
from models import Forum, User  # noqa: E402
from tests.conftest import IsolatedClient, Phone, _config, make_token  # noqa: E402
from tests.factories import FORUM  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.fuzz]

CODE = FORUM["code"]  #: the forum of the `forum` fixture
load_all_checks()
from schemathesis.openapi.checks import RejectedPositiveData  # noqa: E402
from schemathesis.specs.openapi.checks import positive_data_acceptance  # noqa: E402


def server_checked_acceptance(ctx, response, case):
    """`positive_data_acceptance` as the description states it: a well-formed request is
    accepted, or refused with a status the check expects for valid data (401, 403, 404, 409,
    429: the defaults), or with a 400 whose `field` the description marks `x-server-checks`
    (an id that must name a question of this forum, a note a deferred question needs), saying
    why. Any other 400 to a schema-valid request fails: the description must state the
    constraint (required, minLength, pattern, maxItems) or the code must take the request."""
    try:
        return positive_data_acceptance(ctx, response, case)
    except RejectedPositiveData:
        if response.status_code == 400 and _server_checked(case, response):
            return None
        raise


def _server_checked(case, response) -> bool:
    try:
        field = response.json().get("field")
    except (ValueError, AttributeError):
        return False
    operation = spec()["paths"][case.operation.path][case.method.lower()]
    body = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
    return "x-server-checks" in body.get("schema", {}).get("properties", {}).get(field, {})


#: every check of `--checks all`, none left out (positive_data_acceptance as above)
CHECKS = [server_checked_acceptance if check is positive_data_acceptance else check
          for check in REGISTRY.get_all()]
OPERATIONS = [f"{method.upper()} {path}" for path, methods in spec()["paths"].items()
              for method in methods]


@pytest.fixture(scope="module")
def target(template_db, postgres, tmp_path_factory):
    """The app on a database of its own for the whole module, holding questions in every
    state, and a bearer token of the admin."""
    if postgres is not None:
        name = f"forum_fuzz_{id(tmp_path_factory)}"
        where = postgres.create(name, template=template_db)
    else:
        where = tmp_path_factory.mktemp("fuzz") / "forum.db"
        shutil.copy(template_db, where)
    app = create_app(_config(where))
    app.test_client_class = IsolatedClient
    with app.app_context():
        token = make_token(db.session.query(User).filter_by(username="admin").one())
        forum = db.session.query(Forum).filter_by(code=CODE).one()
        ids = _questions(app, forum, token)
        db.session.remove()
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    yield app, schema, token, ids
    with app.app_context():
        db.engine.dispose()
    if postgres is not None:
        postgres.drop(name)


def _questions(app, forum: Forum, token: str) -> list[int]:
    """A queue with a question in each state, so that actions meet every kind of question."""
    client = app.test_client()
    auth = {"Authorization": f"Bearer {token}"}
    phone = Phone(client, forum)
    ids = [phone.ask(f"Câu hỏi thử số {n} về học phí?", name="Phụ huynh").get_json()["id"]
           for n in range(7)]

    def act(qid, action, **body):
        response = client.post(f"/api/f/{CODE}/questions/{qid}/{action}", json=body,
                               headers=auth)
        assert response.status_code == 200, response.get_json()

    assignee = forum.assignees[0].id
    for qid in ids[1:6]:
        act(qid, "approve")
    act(ids[2], "assign", assignee_id=assignee)
    act(ids[2], "show")
    act(ids[3], "answer", note="Đã trả lời tại hội nghị.")
    act(ids[4], "defer", assignee_id=assignee, due="2018-10-15")
    act(ids[5], "reject")
    act(ids[6], "merge", into=ids[1])
    return ids


#: FUZZ_SCALE=10 for a deeper search by hand (and FUZZ_SEED=n for other examples)
SCALE = float(os.environ.get("FUZZ_SCALE", "1"))
#: (examples, generation modes, on the real forum?, as staff?) per operation: most requests
#: name the forum and its questions (else nearly all would be a 404), a few a path made up,
#: a few come from an anonymous phone
RUNS = [(20, [GenerationMode.POSITIVE], True, True),
        (15, [GenerationMode.NEGATIVE], True, True),
        (5, list(GenerationMode), False, True),
        (5, list(GenerationMode), True, False)]


def _cases(operation, modes, real_path: bool, ids):
    if not real_path:
        fixed = [None]
    elif "{id}" in operation.path:
        fixed = [{"code": CODE, "id": qid} for qid in ids]
    elif "{position}" in operation.path:
        fixed = [{"code": CODE, "position": p} for p in (1, 7, 11)]
    else:
        fixed = [{"code": CODE}]
    if real_path and not _has_inputs(operation):
        modes = [GenerationMode.POSITIVE]  # the path is fixed: nothing left to make invalid
    strategies = [operation.as_strategy(mode, path_parameters=params)
                  for params in fixed for mode in modes]
    return st.sampled_from(range(len(strategies))).flatmap(strategies.__getitem__)


def _has_inputs(operation) -> bool:
    """Whether the operation takes more than its path: a query, a header or a body."""
    return len(operation.body) > 0 or any(
        str(getattr(parameter.location, "value", parameter.location)) != "path"
        for parameter in operation.iter_parameters())


@pytest.mark.parametrize("label", OPERATIONS)
def test_the_api_holds_under_fuzzing(target, label):
    app, schema, token, ids = target
    operation = schema.find_operation_by_label(label)
    assert operation is not None, f"{label} is not in the served description"
    for examples, modes, real_path, as_staff in RUNS:
        _fuzz(app, operation, _cases(operation, modes, real_path, ids),
              max(1, int(examples * SCALE)), token if as_staff else None)


def _fuzz(app, operation, cases, examples: int, token: str | None) -> None:
    # identity: Schemathesis's WSGI transport reads the body as sent, without decompressing
    headers = {"Accept-Encoding": "identity"}
    if token:
        headers["Authorization"] = f"Bearer {token}"

    @settings(max_examples=examples, deadline=5000, derandomize="FUZZ_SEED" not in os.environ,
              database=None, suppress_health_check=list(HealthCheck), print_blob=True)
    @given(case=cases)
    def fuzz(case):
        # made up from the security schemes (a bearer token, a session cookie): the staff
        # token (or none) is sent instead, as the client's own, which `ignored_auth` then
        # takes away and spoils to see that the operation requires it
        case.headers.pop("Authorization", None)
        case.cookies.pop("session", None)
        response = case.call(app=app, headers=headers)
        case.validate_response(response, checks=CHECKS, headers=headers)

    if "FUZZ_SEED" in os.environ:
        fuzz = seed(int(os.environ["FUZZ_SEED"]))(fuzz)
    fuzz()


def test_the_served_description_is_the_one_fuzzed(target):
    app, schema, _, _ = target
    served = app.test_client().get("/api/openapi.json").get_json()
    assert served == spec()
    assert sorted(op.ok().label for op in schema.get_all_operations()) == sorted(OPERATIONS)
