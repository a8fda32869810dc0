"""The OpenAPI 3.1 description of the JSON API, served at /api/openapi.json.

It tells the truth about what the API takes: a request body names only the fields described
(`additionalProperties: false`, and `unknown_field` refuses the others with a 400), a text has
the form the server checks (a question is more than blanks, a phone number is digits), a 405
carries `Allow`, and a well-formed question the forum's phase does not take is a 409. What no
schema can state (an id that must name a question of this forum) is marked `x-server-checks`
on its field, the only fields a well-formed request may be refused on with a 400.
Tested with every Schemathesis check in tests/test_fuzz.py."""
import re
from functools import lru_cache


from live.questions.moves import MAX_BULK
from live.web.openapi_schemas import (errors, response, server_checks, ACTION_BODIES,
                                      ACTION_REQUIRED, ACTION_SUMMARIES, ASSIGNEE, CODE, FILTER, ID,
                                      ID_FILTER, IN_FORUM, NEW_QUESTION, QUESTION, RECEIVED,
                                      RUNNING_ORDER, STAFF, STATE, TIMERS, UPVOTE)


def spec() -> dict:
    paths = {
        "/api/f/{code}/state": {"get": {
            "summary": "What the hall sees (the same snapshot as the Socket.IO `state` event).",
            "parameters": [CODE], "security": [],
            "responses": {"200": response("The snapshot.", STATE), **errors(404)}}},
        "/api/f/{code}/questions": {
            "post": {
                "summary": "Send a question (public); staff may also post letters, calls and "
                           "floor questions with `channel`.",
                "parameters": [CODE], "security": [],
                "requestBody": {"required": True,
                                "content": {"application/json": {"schema": NEW_QUESTION}}},
                "responses": {
                    "201": response("Received.", RECEIVED),
                    "200": response("Already received with this client_key; same id and "
                                     "receipt.", RECEIVED),
                    **errors(400, 401, 403, 404, 409, 413, 429)}},
            "get": {
                "summary": "The queue (staff). `q` matches with or without diacritics.",
                "parameters": [CODE,
                               {"name": "status", "in": "query", "schema": FILTER,
                                "description": "One state or several, comma-separated."},
                               {"name": "channel", "in": "query", "schema": FILTER,
                                "description": "One channel or several, comma-separated."},
                               {"name": "topic", "in": "query", "schema": ID_FILTER},
                               {"name": "assignee", "in": "query",
                                "schema": ID_FILTER},
                               {"name": "sort", "in": "query",
                                "schema": {"type": "string", "enum": ["upvotes"]}},
                               {"name": "q", "in": "query", "schema": FILTER}],
                "security": STAFF,
                "responses": {"200": response("Questions, oldest first.",
                                               {"type": "array", "items": QUESTION}),
                              **errors(400, 401, 403, 404)}}},
        "/api/f/{code}/assignees": {"get": {
            "summary": "The leaders and units who answer (staff).", "parameters": [CODE],
            "security": STAFF,
            "responses": {"200": response("Assignees.", {"type": "array", "items": ASSIGNEE}),
                          **errors(401, 403, 404)}}},
        "/api/f/{code}/topics": {"get": {
            "summary": "The forum's topics (staff).", "parameters": [CODE], "security": STAFF,
            "responses": {"200": response("Topics.", {"type": "array", "items": {
                "type": "object", "properties": {"id": {"type": "integer"},
                                                 "name": {"type": "string"}}}}),
                          **errors(401, 403, 404)}}},
        "/api/f/{code}/unit/questions": {"get": {
            "summary": "The questions assigned to the caller's unit (unit accounts).",
            "parameters": [CODE], "security": STAFF,
            "responses": {"200": response("Questions.", {"type": "array", "items": QUESTION}),
                          **errors(401, 403, 404)}}},
        "/api/f/{code}/questions/{id}/similar": {"get": {
            "summary": "The assistant's likely duplicates of a question (staff): at most 10, "
                       "best first, same forum, the question itself left out. `likely` marks "
                       "those the console suggests merging; the moderator decides.",
            "parameters": [CODE, ID], "security": STAFF,
            "responses": {"200": response("Likely duplicates.", {
                "type": "object", "required": ["similar"], "properties": {"similar": {
                    "type": "array", "maxItems": 10, "items": {
                        "type": "object", "required": ["id", "score", "likely"], "properties": {
                            "id": {"type": "integer"},
                            "score": {"type": "number", "minimum": 0, "maximum": 1},
                            "likely": {"type": "boolean"}}}},
                    "topic": {"type": ["integer", "null"], "description": "The topic the "
                              "assistant would file it under (the moderator confirms): only for "
                              "a question with no topic yet, when the forum has topics."}}}),
                          **errors(401, 403, 404)}}},
        "/api/f/{code}/questions/groups": {"get": {
            "summary": "The waiting and approved questions in clusters of likely duplicates "
                       "(two or more), largest first, each with a label of its top words.",
            "parameters": [CODE], "security": STAFF,
            "responses": {"200": response("Clusters.", {
                "type": "object", "required": ["groups"], "properties": {"groups": {
                    "type": "array", "items": {
                        "type": "object", "required": ["ids", "label"], "properties": {
                            "ids": {"type": "array", "items": {"type": "integer"}},
                            "label": {"type": "string"}}}}}}),
                          **errors(401, 403, 404)}}},
        "/api/f/{code}/questions/{id}/explain": {"post": {
            "summary": "The responsible unit's explanation (giải trình) of a question assigned "
                       "to it.",
            "parameters": [CODE, ID], "security": STAFF,
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["text"], "properties": {
                    "text": {"type": "string", "maxLength": 5000},
                    "version": {"type": "integer"}}}}}},
            "responses": {"200": response("The question.", QUESTION),
                          **errors(400, 401, 403, 404, 409, 413)}}},
        "/api/f/{code}/questions/{id}/upvote": {"post": {
            "summary": "A phone backs a question the hall can see (“tôi cũng muốn hỏi”), once "
                       "per phone (a signed device cookie the phone got with the page: a "
                       "request without it is refused with 403). Limited per phone and per "
                       "address (RATELIMIT_UPVOTE_DEVICE, RATELIMIT_UPVOTE_ADDRESS).",
            "parameters": [CODE, ID], "security": [],
            "responses": {
                "201": response("Counted.", UPVOTE), "200": response("Already counted.",
                                                                        UPVOTE),
                **errors(400, 403, 404, 409, 413, 429)}},
            "delete": {
            "summary": "The phone takes its upvote back (a second tap); nothing changes when "
                       "it had none. The same checks and limits as backing it.",
            "parameters": [CODE, ID], "security": [],
            "responses": {"200": response("The count now.", UPVOTE),
                          **errors(400, 403, 404, 409, 413, 429)}}},
        "/api/f/{code}/settings": {"post": {
            "summary": "Hall-only mode on or off (staff who run the agenda). When on, a phone's "
                       "question during the forum needs the pass of the projector's QR (a 403 "
                       "without it); the answer carries the projector's secret link.",
            "parameters": [CODE], "security": STAFF,
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["hall_only"],
                "properties": {"hall_only": {"type": "boolean"}}}}}},
            "responses": {"200": response("The mode now.", {
                "type": "object", "required": ["hall_only", "screen_url"], "properties": {
                    "hall_only": {"type": "boolean"},
                    "screen_url": {"type": ["string", "null"],
                                   "description": "The projector's link with its screen key "
                                                  "(hall-only mode), else null."}}}),
                          **errors(400, 401, 403, 404, 413)}}},
        "/api/f/{code}/hall-pass": {"get": {
            "summary": "The attendee link with the hall's current pass (it changes every 2 "
                       "minutes; the one before is accepted too), for staff or the projector "
                       "opened with its screen key. Never cached.",
            "parameters": [CODE, {"name": "key", "in": "query", "required": False,
                                   "schema": {"type": "string", "maxLength": 64},
                                   "description": "The projector's screen key."}],
            "responses": {"200": response("The link and when its pass stops being current.", {
                "type": "object", "required": ["url", "expires_at"], "properties": {
                    "url": {"type": "string"},
                    "expires_at": {"type": "string", "format": "date-time"}}}),
                          **errors(400, 401, 403, 404)}}},
        "/api/f/{code}/timers/speaker": {"post": {
            "summary": "Start the speaker's countdown (staff who run the agenda): `seconds` "
                       "from 1 to 3600, again from the top if it runs; 0 stops it. The "
                       "projector shows it from the snapshot's `timers.speaker`.",
            "parameters": [CODE], "security": STAFF,
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["seconds"], "properties": {
                    "seconds": {"type": "integer", "minimum": 0, "maximum": 3600,
                                "description": "How long the speaker has, in seconds; 0 "
                                               "stops the countdown."}}}}}},
            "responses": {"200": response("The forum's timers after the change.", TIMERS),
                          **errors(400, 401, 403, 404, 413)}}},
        "/api/f/{code}/queue/order": {"post": {
            "summary": "The running order of the approved questions (staff who moderate): ids "
                       "first to last. Ids no longer waiting are dropped; waiting ones not "
                       "named come after, oldest first. Every console gets it with the queue.",
            "parameters": [CODE], "security": STAFF,
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["order"], "properties": {"order": {
                    "type": "array", "items": {"type": "integer"}, "maxItems": 5000,
                    "uniqueItems": True}}}}}},
            "responses": {"200": response("The running order now.", RUNNING_ORDER),
                          **errors(400, 401, 403, 404, 413)}}},
        "/api/f/{code}/queue/next": {"post": {
            "summary": "Make an approved question the next to show, or clear the slot with "
                       "null (staff who moderate). It leaves the slot when it is shown.",
            "parameters": [CODE], "security": STAFF,
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["question_id"], "properties": {
                    "question_id": server_checks({"type": ["integer", "null"]},
                                                  IN_FORUM)}}}}},
            "responses": {"200": response("The running order now.", RUNNING_ORDER),
                          **errors(400, 401, 403, 404, 409, 413)}}},
        "/api/f/{code}/agenda/next": {"post": {
            "summary": "End the current agenda item and start the next (staff).",
            "parameters": [CODE], "security": STAFF,
            "responses": {"200": response("The new snapshot.", STATE),
                          **errors(400, 401, 403, 404, 409, 413)}}},
        "/api/f/{code}/phase": {"post": {
            "summary": "Move the forum to another phase (staff): draft, collecting, live, "
                       "closed; a closed forum's link shows the public results.",
            "parameters": [CODE], "security": STAFF,
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["phase"], "properties": {"phase": {
                    "type": "string", "enum": ["draft", "collecting", "live", "closed"]}}}}}},
            "responses": {"200": response("The new snapshot.", STATE),
                          **errors(400, 401, 403, 404, 409, 413)}}},
        "/api/f/{code}/agenda/{position}/start": {"post": {
            "summary": "Jump to an agenda item (staff).",
            "parameters": [CODE, {"name": "position", "in": "path", "required": True,
                                   "schema": {"type": "integer"}}],
            "security": STAFF,
            "responses": {"200": response("The new snapshot.", STATE),
                          **errors(400, 401, 403, 404, 409, 413)}}},
    }
    for action, fields in ACTION_BODIES.items():
        paths[f"/api/f/{{code}}/questions/{{id}}/{action}"] = {"post": {
            "summary": ACTION_SUMMARIES.get(
                action, f"`{action}` a question (staff). An illegal move gives 409 with the "
                        "reason."),
            "parameters": [CODE, {"name": "id", "in": "path", "required": True,
                                   "schema": {"type": "integer"}}],
            "security": STAFF,
            "requestBody": {"required": action in ACTION_REQUIRED,
                            "content": {"application/json": {"schema": {
                "type": "object", **({"required": ACTION_REQUIRED[action]}
                                     if action in ACTION_REQUIRED else {}),
                "properties": {**fields, "version": {
                    "type": "integer", "description": "The version the client saw; a stale "
                                                      "one gives 409."}}}}}},
            "responses": {"200": response("The question after the action.", QUESTION),
                          **errors(400, 401, 403, 404, 409, 413)}}}
    paths["/api/f/{code}/questions/bulk"] = {"post": {
        "summary": "Approve or reject several questions in one step (staff who moderate). All "
                   "or nothing: one illegal move gives 409 naming the question, nothing changed.",
        "parameters": [CODE], "security": STAFF,
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "required": ["action", "ids"], "properties": {
                "action": {"type": "string", "enum": ["approve", "reject"]},
                "ids": server_checks({"type": "array", "items": {"type": "integer"},
                                       "minItems": 1, "maxItems": MAX_BULK,
                                       "uniqueItems": True},
                                      "Each must name a question of this forum, else 400.")}}}}},
        "responses": {"200": response("The questions after the move.", {
            "type": "object", "properties": {"questions": {"type": "array",
                                                           "items": QUESTION}}}),
                      **errors(400, 401, 403, 404, 409, 413)}}}
    paths["/api/f/{code}/questions/{id}/merge-many"] = {"post": {
        "summary": "Merge several questions into this one in one step (staff who moderate): "
                   "a cluster of likely duplicates. All or nothing: one that may not be merged "
                   "(only new questions may) gives 409 naming it, nothing changed. Each merge "
                   "is in the record and keeps its asker (`merged_from`, `co_askers`).",
        "parameters": [CODE, ID], "security": STAFF,
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "required": ["ids"], "properties": {
                "ids": server_checks({"type": "array", "items": {"type": "integer"},
                                       "minItems": 1, "maxItems": 200, "uniqueItems": True},
                                      "Each must name another question of this forum, else "
                                      "400.")}}}}},
        "responses": {"200": response("The question merged into, and the merged ones.", {
            "type": "object", "properties": {
                "question": QUESTION,
                "merged": {"type": "array", "items": QUESTION}}}),
                      **errors(400, 401, 403, 404, 409, 413)}}}
    for operations in paths.values():
        for operation in operations.values():
            if "requestBody" in operation:
                operation["requestBody"]["content"]["application/json"]["schema"][
                    "additionalProperties"] = False
    return {
        "openapi": "3.1.0",
        "info": {"title": "Forum-day app API", "version": "1.0.0",
                 "description": "Questions, moderation and agenda of a public forum. Staff "
                                "calls use the session cookie with the X-CSRFToken header, or "
                                "`Authorization: Bearer <token>` from `flask --app live token "
                                "issue`. An `error` message is for a person: Vietnamese, or "
                                "English when the `lang=en` cookie is sent; programs should "
                                "read the status code and `field`."},
        "paths": paths,
        "components": {"securitySchemes": {
            "session": {"type": "apiKey", "in": "cookie", "name": "session"},
            "bearer": {"type": "http", "scheme": "bearer"}}},
    }


@lru_cache(maxsize=1)
def _bodies() -> tuple:
    """(method, path pattern, the fields its body may name) for every operation with a body."""
    found = []
    for path, operations in spec()["paths"].items():
        pattern = re.compile("^" + re.sub(r"\\\{[a-z_]+\\\}", "[^/]+", re.escape(path)) + "$")
        for method, operation in operations.items():
            if "requestBody" in operation:
                schema = operation["requestBody"]["content"]["application/json"]["schema"]
                found.append((method.upper(), pattern, frozenset(schema.get("properties", {}))))
    return tuple(found)


def unknown_field(method: str, path: str, body) -> str | None:
    """The first field of a JSON object body that the description of its operation does not
    name (in sorted order), else None."""
    if not isinstance(body, dict):
        return None
    for verb, pattern, fields in _bodies():
        if verb == method and pattern.match(path):
            extra = sorted(str(name) for name in body if name not in fields)
            return extra[0] if extra else None
    return None
