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
from models import State

_ERROR = {"type": "object", "required": ["error"],
          "properties": {"error": {"type": "string", "description": "For a person, in the "
                                   "language of the `lang` cookie (Vietnamese by default)."},
                         "field": {"type": ["string", "null"]}}}
_TIME = {"type": ["string", "null"], "format": "date-time"}
_ASSIGNEE = {"type": "object", "required": ["id", "name", "title"], "properties": {
    "id": {"type": "integer"}, "name": {"type": "string"}, "title": {"type": "string"},
    "kind": {"type": "string", "enum": ["leader", "unit"]},
    "label": {"type": "string", "description": "How the hall reads it."}}}
_ASKER = {"type": ["object", "null"], "properties": {
    "name": {"type": ["string", "null"]}, "affiliation": {"type": ["string", "null"]}}}
_STATES = [state.value for state in State]

_SPEAKER_TIMER = {"oneOf": [{"type": "null"}, {
    "type": "object", "required": ["started_at", "seconds"], "properties": {
        "started_at": {"type": "string", "format": "date-time"},
        "seconds": {"type": "integer", "minimum": 1, "maximum": 3600}}}]}
_TIMERS = {"type": "object", "required": ["speaker"], "properties": {"speaker": _SPEAKER_TIMER}}

_STATE = {
    "type": "object",
    "required": ["forum", "agenda", "current_item", "on_screen", "counts"],
    "properties": {
        "forum": {"type": "object", "required": ["code", "title", "status"], "properties": {
            "code": {"type": "string"}, "title": {"type": "string"},
            "status": {"type": "string", "enum": ["draft", "collecting", "live", "closed"]},
            "hall_only": {"type": "boolean", "description": "Phones' questions only through "
                          "the pass of the projector's QR (never the pass itself)."}}},
        "agenda": {"type": "array", "items": {
            "type": "object", "required": ["position", "title", "status", "started_at", "ended_at"],
            "properties": {
                "position": {"type": "integer"}, "title": {"type": "string"},
                "status": {"type": "string", "enum": ["pending", "current", "done"]},
                "started_at": _TIME, "ended_at": _TIME,
                "planned_minutes": {"type": ["integer", "null"]}}}},
        "current_item": {"type": ["integer", "null"]},
        "on_screen": {"oneOf": [{"type": "null"}, {
            "type": "object", "required": ["id", "text", "asker", "assignee"], "properties": {
                "id": {"type": "integer"}, "text": {"type": "string"}, "asker": _ASKER,
                "assignee": {"oneOf": [{"type": "null"}, _ASSIGNEE]},
                "explanation": {"type": ["string", "null"]},
                "screen_text": {"type": ["string", "null"], "description": "What the big "
                                "screen shows of a text longer than SCREEN_TEXT_LIMIT (its "
                                "first sentences, then …); null when the text fits."},
                "also_asked": {"type": "integer", "minimum": 0, "description": "How many "
                               "others asked the same: the questions merged into this one "
                               "(a chain counted whole). A number only; no names."}}}]},
        "counts": {"type": "object", "additionalProperties": {"type": "integer"}},
        "hall_questions": {"type": "array", "description": "Approved questions phones may "
                           "see and back, when the moderator lets them.", "items": {
            "type": "object", "properties": {"id": {"type": "integer"},
                                             "text": {"type": "string"},
                                             "upvotes": {"type": "integer"}}}},
        "seq": {"type": "integer", "description": "Grows with every change of the forum."},
        "timers": _TIMERS,
    },
}

_QUESTION = {
    "type": "object",
    "required": ["id", "status", "channel", "text", "original_text", "version"],
    "properties": {
        "id": {"type": "integer"}, "status": {"type": "string", "enum": _STATES},
        "channel": {"type": "string",
                    "enum": ["venue", "online", "suggestion_box", "hotline", "floor"]},
        "text": {"type": "string"}, "original_text": {"type": "string"},
        "edited": {"type": "boolean"}, "asker": _ASKER,
        "assignee": {"oneOf": [{"type": "null"}, _ASSIGNEE]},
        "merged_into": {"type": ["integer", "null"]},
        "merged_from": {"type": "array", "items": {"type": "integer"}, "description": "The "
                        "questions merged into this one, directly or through a chain (A into "
                        "B, B into C: C lists both), ascending."},
        "co_askers": {"type": "array", "description": "Who asked those, where they gave a name "
                      "or an affiliation; staff only.", "items": {
                          "type": "object", "required": ["id"], "properties": {
                              "id": {"type": "integer"}, "name": {"type": ["string", "null"]},
                              "affiliation": {"type": ["string", "null"]}}}},
        "answer_note": {"type": ["string", "null"]},
        "outcome": {"type": ["string", "null"],
                    "enum": ["on_spot", "in_writing", "referred", "out_of_scope", None]},
        "referred_to": {"type": ["string", "null"]},
        "answered_at": _TIME,
        "reply_published_at": {**_TIME, "description": "When a moderator checked the written "
                               "reply and published it (`publish`); until then the public "
                               "pages do not show its text."},
        "receipt": {"type": ["string", "null"], "description": "The asker's receipt code "
                    "(see `/f/{code}/r/{receipt}`); staff only, not in the unit's answer."},
        "contact_phone": {"type": ["string", "null"],
                          "description": "A letter's or call's phone number; staff only."},
        "topics": {"type": "array", "items": {"type": "object", "properties": {
            "id": {"type": "integer"}, "name": {"type": "string"}}}},
        "explanation": {"type": ["string", "null"]},
        "explained_at": _TIME,
        "upvotes": {"type": "integer"},
        "due": {"type": ["string", "null"], "format": "date"},
        "prepare_by": {"type": ["string", "null"], "format": "date"},
        "received_on": {"type": ["string", "null"], "format": "date"},
        "created_at": {"type": "string", "format": "date-time"},
        "updated_at": {"type": "string", "format": "date-time"},
        "version": {"type": "integer"},
        "actions": {"type": "array", "description": "What staff may do to the question now, by "
                    "the action's name (`POST .../questions/{id}/{action}`); the console offers "
                    "exactly these.", "items": {"type": "string", "enum": [
                        "approve", "reject", "restore", "merge", "show", "hide", "answer",
                        "defer", "publish", "edit", "assign", "topics"]}},
        "flags": {"type": "array", "description": "What the assistant points the moderator to: "
                  "`profanity`, `personal_data`.",
                  "items": {"type": "string", "enum": ["profanity", "personal_data"]}},
        "flag_spans": {"type": "array", "description": "Where in `text` each flag is, to "
                       "highlight (character offsets).", "items": {
                           "type": "object", "properties": {
                               "kind": {"type": "string"}, "start": {"type": "integer"},
                               "end": {"type": "integer"}}}},
    },
}

#: a text holds at least one character that survives live/core/text.clean: not a blank, not a
#: control character, not a zero-width or bidi mark (only those is no question)
_VISIBLE = r"[^\s\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]"


def _server_checks(schema: dict, what: str) -> dict:
    """A field whose well-formed value the server may still refuse with a 400 naming it
    (`field`), for a reason no schema can state: `x-server-checks` says which."""
    return {**schema, "description": (schema.get("description", "") + " " + what).strip(),
            "x-server-checks": what}


_STAFF_ONLY = "Staff only: from a phone (no staff login), 400."

_NEW_QUESTION = {
    "type": "object", "required": ["text"],
    "properties": {
        "text": {"type": "string", "minLength": 1, "maxLength": 1000, "pattern": _VISIBLE,
                 "description": "Blanks at the ends do not count; only blanks (or control "
                                "and zero-width characters) is no question."},
        "name": {"type": ["string", "null"], "maxLength": 120},
        "affiliation": {"type": ["string", "null"], "maxLength": 200},
        "client_key": {"type": "string", "pattern": "^[A-Za-z0-9_-]{8,64}$",
                       "description": "Chosen by the client; the same key again returns the "
                                      "same question instead of a copy."},
        "channel": _server_checks(
            {"type": "string", "enum": ["suggestion_box", "hotline", "floor"],
             "description": "A letter, a call, or a spoken floor question."}, _STAFF_ONLY),
        "received_on": _server_checks({"type": "string", "format": "date"}, _STAFF_ONLY),
        "contact_phone": _server_checks(
            {"type": "string", "maxLength": 20,
             "pattern": r"^\s*((?=([^0-9]*[0-9]){6})[0-9+\-. ]{6,20})?\s*$",
             "description": "Never shown to the hall or published."}, _STAFF_ONLY),
    },
}

_IN_FORUM = "Must name a question of this forum, else 400."
_ASSIGNEE_ID = _server_checks({"type": ["integer", "null"]},
                              "Must name an assignee of this forum, else 400.")

_ACTION_SUMMARIES = {
    "publish": "`publish` a written reply (moderators): staff recorded it (`answer` on a "
               "deferred question, or the follow-up page); once a moderator has checked it, "
               "this sets `reply_published_at` and logs `question.publish` in the record, and "
               "the results page and the asker's receipt page show the reply with that date. "
               "409 when the question has no written reply or it is already published.",
}

_RECEIVED = {"type": "object", "required": ["id", "receipt"], "properties": {
    "id": {"type": "integer"}, "status": {"type": "string"},
    "client_key": {"type": ["string", "null"]},
    "receipt": {"type": "string", "pattern": "^[23456789ABCDEFGHJKMNPQRSTVWXYZ]{10}$",
                "description": "A code that cannot be guessed (10 symbols without the "
                               "look-alikes 0, O, 1, I, L, U): the asker keeps it and sees at "
                               "`GET /f/{code}/r/{receipt}` (a public page, rate-limited) what "
                               "became of the question, without giving a name. A resend of "
                               "the same client_key answers the same receipt."}}}

_ACTION_BODIES = {
    "approve": {}, "restore": {}, "show": {}, "hide": {},
    #: a moderator checked a written reply staff recorded: the public pages show it, dated
    "publish": {},
    "reject": {"reason": {"type": ["string", "null"], "enum": ["out_of_scope", "", None]}},
    "assign": {"assignee_id": _ASSIGNEE_ID,
               "prepare_by": {"type": ["string", "null"], "format": "date",
                              "description": "Before the forum: when the unit's explanation "
                                             "is due."}},
    "topics": {"topic_ids": _server_checks(
        {"type": "array", "items": {"type": "integer"}},
        "Each must name a topic of this forum, else 400.")},
    "edit": {"text": {"type": "string", "minLength": 1, "maxLength": 1000,
                      "pattern": _VISIBLE}},
    "merge": {"into": _server_checks({"type": "integer"},
                                     "Must name another question of this forum, else 400.")},
    "answer": {"note": _server_checks(
        {"type": ["string", "null"], "maxLength": 5000},
        "Needed (400 without it) when the question was deferred for a written reply.")},
    "defer": {"assignee_id": _server_checks(
                  {"type": ["integer", "null"]},
                  "Must name an assignee of this forum; needed (400 without it) for a written "
                  "reply when the question has none yet."),
              "due": _server_checks({"type": ["string", "null"], "format": "date"},
                                    "Needed (400 without it) for a written reply."),
              "referred_to": {"type": ["string", "null"], "maxLength": 300,
                              "description": "Another body the question is passed to."}},
}
#: the fields an action cannot do without (its body is then required too)
_ACTION_REQUIRED = {"topics": ["topic_ids"], "edit": ["text"], "merge": ["into"]}


_RUNNING_ORDER = {"type": "object", "required": ["order", "next"], "properties": {
    "order": {"type": "array", "items": {"type": "integer"},
              "description": "The approved questions' ids, first to be taken first."},
    "next": {"type": ["integer", "null"], "description": "The question ready to show next."}}}


def _response(description, schema=None):
    body = {"description": description}
    if schema is not None:
        body["content"] = {"application/json": {"schema": schema}}
    return body


def _errors(*codes):
    text = {400: "Bad input, with a message a person can read.", 401: "Not logged in.",
            403: "Not allowed for this account.", 404: "No such forum or question.",
            409: "Stale version, a move the state machine does not allow, or a question the "
                 "forum's phase does not take (not open yet, closed), with the reason.",
            413: "Body too large.",
            429: "Too many from one phone or address; wait a little and send again."}
    return {str(c): _response(text[c], _ERROR) for c in codes}


#: a filter holds no NUL (the server refuses it with a 400: no database can search for it)
_FILTER = {"type": "string", "pattern": "^[^\\x00]*$"}
#: an id filter is at most 20 digits (an id past the column's range finds nothing: `[]`)
_ID_FILTER = {"type": "integer", "minimum": -(10**20 - 1), "maximum": 10**20 - 1}
_CODE = {"name": "code", "in": "path", "required": True, "schema": {"type": "string"},
         "description": "The forum's join code, e.g. thuan-an-2018."}
_STAFF = [{"session": []}, {"bearer": []}]
_ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
_UPVOTE = {"type": "object", "properties": {"id": {"type": "integer"},
                                            "upvotes": {"type": "integer"},
                                            "added": {"type": "boolean"}}}


def spec() -> dict:
    paths = {
        "/api/f/{code}/state": {"get": {
            "summary": "What the hall sees (the same snapshot as the Socket.IO `state` event).",
            "parameters": [_CODE], "security": [],
            "responses": {"200": _response("The snapshot.", _STATE), **_errors(404)}}},
        "/api/f/{code}/questions": {
            "post": {
                "summary": "Send a question (public); staff may also post letters, calls and "
                           "floor questions with `channel`.",
                "parameters": [_CODE], "security": [],
                "requestBody": {"required": True,
                                "content": {"application/json": {"schema": _NEW_QUESTION}}},
                "responses": {
                    "201": _response("Received.", _RECEIVED),
                    "200": _response("Already received with this client_key; same id and "
                                     "receipt.", _RECEIVED),
                    **_errors(400, 401, 403, 404, 409, 413, 429)}},
            "get": {
                "summary": "The queue (staff). `q` matches with or without diacritics.",
                "parameters": [_CODE,
                               {"name": "status", "in": "query", "schema": _FILTER,
                                "description": "One state or several, comma-separated."},
                               {"name": "channel", "in": "query", "schema": _FILTER,
                                "description": "One channel or several, comma-separated."},
                               {"name": "topic", "in": "query", "schema": _ID_FILTER},
                               {"name": "assignee", "in": "query",
                                "schema": _ID_FILTER},
                               {"name": "sort", "in": "query",
                                "schema": {"type": "string", "enum": ["upvotes"]}},
                               {"name": "q", "in": "query", "schema": _FILTER}],
                "security": _STAFF,
                "responses": {"200": _response("Questions, oldest first.",
                                               {"type": "array", "items": _QUESTION}),
                              **_errors(400, 401, 403, 404)}}},
        "/api/f/{code}/assignees": {"get": {
            "summary": "The leaders and units who answer (staff).", "parameters": [_CODE],
            "security": _STAFF,
            "responses": {"200": _response("Assignees.", {"type": "array", "items": _ASSIGNEE}),
                          **_errors(401, 403, 404)}}},
        "/api/f/{code}/topics": {"get": {
            "summary": "The forum's topics (staff).", "parameters": [_CODE], "security": _STAFF,
            "responses": {"200": _response("Topics.", {"type": "array", "items": {
                "type": "object", "properties": {"id": {"type": "integer"},
                                                 "name": {"type": "string"}}}}),
                          **_errors(401, 403, 404)}}},
        "/api/f/{code}/unit/questions": {"get": {
            "summary": "The questions assigned to the caller's unit (unit accounts).",
            "parameters": [_CODE], "security": _STAFF,
            "responses": {"200": _response("Questions.", {"type": "array", "items": _QUESTION}),
                          **_errors(401, 403, 404)}}},
        "/api/f/{code}/questions/{id}/similar": {"get": {
            "summary": "The assistant's likely duplicates of a question (staff): at most 10, "
                       "best first, same forum, the question itself left out. `likely` marks "
                       "those the console suggests merging; the moderator decides.",
            "parameters": [_CODE, _ID], "security": _STAFF,
            "responses": {"200": _response("Likely duplicates.", {
                "type": "object", "required": ["similar"], "properties": {"similar": {
                    "type": "array", "maxItems": 10, "items": {
                        "type": "object", "required": ["id", "score", "likely"], "properties": {
                            "id": {"type": "integer"},
                            "score": {"type": "number", "minimum": 0, "maximum": 1},
                            "likely": {"type": "boolean"}}}},
                    "topic": {"type": ["integer", "null"], "description": "The topic the "
                              "assistant would file it under (the moderator confirms): only for "
                              "a question with no topic yet, when the forum has topics."}}}),
                          **_errors(401, 403, 404)}}},
        "/api/f/{code}/questions/groups": {"get": {
            "summary": "The waiting and approved questions in clusters of likely duplicates "
                       "(two or more), largest first, each with a label of its top words.",
            "parameters": [_CODE], "security": _STAFF,
            "responses": {"200": _response("Clusters.", {
                "type": "object", "required": ["groups"], "properties": {"groups": {
                    "type": "array", "items": {
                        "type": "object", "required": ["ids", "label"], "properties": {
                            "ids": {"type": "array", "items": {"type": "integer"}},
                            "label": {"type": "string"}}}}}}),
                          **_errors(401, 403, 404)}}},
        "/api/f/{code}/questions/{id}/explain": {"post": {
            "summary": "The responsible unit's explanation (giải trình) of a question assigned "
                       "to it.",
            "parameters": [_CODE, _ID], "security": _STAFF,
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["text"], "properties": {
                    "text": {"type": "string", "maxLength": 5000},
                    "version": {"type": "integer"}}}}}},
            "responses": {"200": _response("The question.", _QUESTION),
                          **_errors(400, 401, 403, 404, 409, 413)}}},
        "/api/f/{code}/questions/{id}/upvote": {"post": {
            "summary": "A phone backs a question the hall can see (“tôi cũng muốn hỏi”), once "
                       "per phone (a signed device cookie the phone got with the page: a "
                       "request without it is refused with 403). Limited per phone and per "
                       "address (RATELIMIT_UPVOTE_DEVICE, RATELIMIT_UPVOTE_ADDRESS).",
            "parameters": [_CODE, _ID], "security": [],
            "responses": {
                "201": _response("Counted.", _UPVOTE), "200": _response("Already counted.",
                                                                        _UPVOTE),
                **_errors(400, 403, 404, 409, 413, 429)}},
            "delete": {
            "summary": "The phone takes its upvote back (a second tap); nothing changes when "
                       "it had none. The same checks and limits as backing it.",
            "parameters": [_CODE, _ID], "security": [],
            "responses": {"200": _response("The count now.", _UPVOTE),
                          **_errors(400, 403, 404, 409, 413, 429)}}},
        "/api/f/{code}/settings": {"post": {
            "summary": "Hall-only mode on or off (staff who run the agenda). When on, a phone's "
                       "question during the forum needs the pass of the projector's QR (a 403 "
                       "without it); the answer carries the projector's secret link.",
            "parameters": [_CODE], "security": _STAFF,
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["hall_only"],
                "properties": {"hall_only": {"type": "boolean"}}}}}},
            "responses": {"200": _response("The mode now.", {
                "type": "object", "required": ["hall_only", "screen_url"], "properties": {
                    "hall_only": {"type": "boolean"},
                    "screen_url": {"type": ["string", "null"],
                                   "description": "The projector's link with its screen key "
                                                  "(hall-only mode), else null."}}}),
                          **_errors(400, 401, 403, 404, 413)}}},
        "/api/f/{code}/hall-pass": {"get": {
            "summary": "The attendee link with the hall's current pass (it changes every 2 "
                       "minutes; the one before is accepted too), for staff or the projector "
                       "opened with its screen key. Never cached.",
            "parameters": [_CODE, {"name": "key", "in": "query", "required": False,
                                   "schema": {"type": "string", "maxLength": 64},
                                   "description": "The projector's screen key."}],
            "responses": {"200": _response("The link and when its pass stops being current.", {
                "type": "object", "required": ["url", "expires_at"], "properties": {
                    "url": {"type": "string"},
                    "expires_at": {"type": "string", "format": "date-time"}}}),
                          **_errors(400, 401, 403, 404)}}},
        "/api/f/{code}/timers/speaker": {"post": {
            "summary": "Start the speaker's countdown (staff who run the agenda): `seconds` "
                       "from 1 to 3600, again from the top if it runs; 0 stops it. The "
                       "projector shows it from the snapshot's `timers.speaker`.",
            "parameters": [_CODE], "security": _STAFF,
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["seconds"], "properties": {
                    "seconds": {"type": "integer", "minimum": 0, "maximum": 3600,
                                "description": "How long the speaker has, in seconds; 0 "
                                               "stops the countdown."}}}}}},
            "responses": {"200": _response("The forum's timers after the change.", _TIMERS),
                          **_errors(400, 401, 403, 404, 413)}}},
        "/api/f/{code}/queue/order": {"post": {
            "summary": "The running order of the approved questions (staff who moderate): ids "
                       "first to last. Ids no longer waiting are dropped; waiting ones not "
                       "named come after, oldest first. Every console gets it with the queue.",
            "parameters": [_CODE], "security": _STAFF,
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["order"], "properties": {"order": {
                    "type": "array", "items": {"type": "integer"}, "maxItems": 5000,
                    "uniqueItems": True}}}}}},
            "responses": {"200": _response("The running order now.", _RUNNING_ORDER),
                          **_errors(400, 401, 403, 404, 413)}}},
        "/api/f/{code}/queue/next": {"post": {
            "summary": "Make an approved question the next to show, or clear the slot with "
                       "null (staff who moderate). It leaves the slot when it is shown.",
            "parameters": [_CODE], "security": _STAFF,
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["question_id"], "properties": {
                    "question_id": _server_checks({"type": ["integer", "null"]},
                                                  _IN_FORUM)}}}}},
            "responses": {"200": _response("The running order now.", _RUNNING_ORDER),
                          **_errors(400, 401, 403, 404, 409, 413)}}},
        "/api/f/{code}/agenda/next": {"post": {
            "summary": "End the current agenda item and start the next (staff).",
            "parameters": [_CODE], "security": _STAFF,
            "responses": {"200": _response("The new snapshot.", _STATE),
                          **_errors(400, 401, 403, 404, 409, 413)}}},
        "/api/f/{code}/phase": {"post": {
            "summary": "Move the forum to another phase (staff): draft, collecting, live, "
                       "closed; a closed forum's link shows the public results.",
            "parameters": [_CODE], "security": _STAFF,
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["phase"], "properties": {"phase": {
                    "type": "string", "enum": ["draft", "collecting", "live", "closed"]}}}}}},
            "responses": {"200": _response("The new snapshot.", _STATE),
                          **_errors(400, 401, 403, 404, 409, 413)}}},
        "/api/f/{code}/agenda/{position}/start": {"post": {
            "summary": "Jump to an agenda item (staff).",
            "parameters": [_CODE, {"name": "position", "in": "path", "required": True,
                                   "schema": {"type": "integer"}}],
            "security": _STAFF,
            "responses": {"200": _response("The new snapshot.", _STATE),
                          **_errors(400, 401, 403, 404, 409, 413)}}},
    }
    for action, fields in _ACTION_BODIES.items():
        paths[f"/api/f/{{code}}/questions/{{id}}/{action}"] = {"post": {
            "summary": _ACTION_SUMMARIES.get(
                action, f"`{action}` a question (staff). An illegal move gives 409 with the "
                        "reason."),
            "parameters": [_CODE, {"name": "id", "in": "path", "required": True,
                                   "schema": {"type": "integer"}}],
            "security": _STAFF,
            "requestBody": {"required": action in _ACTION_REQUIRED,
                            "content": {"application/json": {"schema": {
                "type": "object", **({"required": _ACTION_REQUIRED[action]}
                                     if action in _ACTION_REQUIRED else {}),
                "properties": {**fields, "version": {
                    "type": "integer", "description": "The version the client saw; a stale "
                                                      "one gives 409."}}}}}},
            "responses": {"200": _response("The question after the action.", _QUESTION),
                          **_errors(400, 401, 403, 404, 409, 413)}}}
    paths["/api/f/{code}/questions/bulk"] = {"post": {
        "summary": "Approve or reject several questions in one step (staff who moderate). All "
                   "or nothing: one illegal move gives 409 naming the question, nothing changed.",
        "parameters": [_CODE], "security": _STAFF,
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "required": ["action", "ids"], "properties": {
                "action": {"type": "string", "enum": ["approve", "reject"]},
                "ids": _server_checks({"type": "array", "items": {"type": "integer"},
                                       "minItems": 1, "maxItems": MAX_BULK,
                                       "uniqueItems": True},
                                      "Each must name a question of this forum, else 400.")}}}}},
        "responses": {"200": _response("The questions after the move.", {
            "type": "object", "properties": {"questions": {"type": "array",
                                                           "items": _QUESTION}}}),
                      **_errors(400, 401, 403, 404, 409, 413)}}}
    paths["/api/f/{code}/questions/{id}/merge-many"] = {"post": {
        "summary": "Merge several questions into this one in one step (staff who moderate): "
                   "a cluster of likely duplicates. All or nothing: one that may not be merged "
                   "(only new questions may) gives 409 naming it, nothing changed. Each merge "
                   "is in the record and keeps its asker (`merged_from`, `co_askers`).",
        "parameters": [_CODE, _ID], "security": _STAFF,
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "required": ["ids"], "properties": {
                "ids": _server_checks({"type": "array", "items": {"type": "integer"},
                                       "minItems": 1, "maxItems": 200, "uniqueItems": True},
                                      "Each must name another question of this forum, else "
                                      "400.")}}}}},
        "responses": {"200": _response("The question merged into, and the merged ones.", {
            "type": "object", "properties": {
                "question": _QUESTION,
                "merged": {"type": "array", "items": _QUESTION}}}),
                      **_errors(400, 401, 403, 404, 409, 413)}}}
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
