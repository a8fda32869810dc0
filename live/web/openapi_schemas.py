"""The pieces the OpenAPI description (live/web/openapi.py) is built of: the schemas of the
hall's state, a question as staff see it, the bodies of the actions, and the parameters and
answers the operations share. Plain data; `spec()` puts them together."""
from models import State

ERROR = {"type": "object", "required": ["error"],
          "properties": {"error": {"type": "string", "description": "For a person, in the "
                                   "language of the `lang` cookie (Vietnamese by default)."},
                         "field": {"type": ["string", "null"]}}}
TIME = {"type": ["string", "null"], "format": "date-time"}
ASSIGNEE = {"type": "object", "required": ["id", "name", "title"], "properties": {
    "id": {"type": "integer"}, "name": {"type": "string"}, "title": {"type": "string"},
    "kind": {"type": "string", "enum": ["leader", "unit"]},
    "label": {"type": "string", "description": "How the hall reads it."}}}
ASKER = {"type": ["object", "null"], "properties": {
    "name": {"type": ["string", "null"]}, "affiliation": {"type": ["string", "null"]}}}
STATES = [state.value for state in State]

SPEAKER_TIMER = {"oneOf": [{"type": "null"}, {
    "type": "object", "required": ["started_at", "seconds"], "properties": {
        "started_at": {"type": "string", "format": "date-time"},
        "seconds": {"type": "integer", "minimum": 1, "maximum": 3600}}}]}
TIMERS = {"type": "object", "required": ["speaker"], "properties": {"speaker": SPEAKER_TIMER}}

STATE = {
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
                "started_at": TIME, "ended_at": TIME,
                "planned_minutes": {"type": ["integer", "null"]}}}},
        "current_item": {"type": ["integer", "null"]},
        "on_screen": {"oneOf": [{"type": "null"}, {
            "type": "object", "required": ["id", "text", "asker", "assignee"], "properties": {
                "id": {"type": "integer"}, "text": {"type": "string"}, "asker": ASKER,
                "assignee": {"oneOf": [{"type": "null"}, ASSIGNEE]},
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
        "timers": TIMERS,
    },
}

QUESTION = {
    "type": "object",
    "required": ["id", "status", "channel", "text", "original_text", "version"],
    "properties": {
        "id": {"type": "integer"}, "status": {"type": "string", "enum": STATES},
        "channel": {"type": "string",
                    "enum": ["venue", "online", "suggestion_box", "hotline", "floor"]},
        "text": {"type": "string"}, "original_text": {"type": "string"},
        "edited": {"type": "boolean"}, "asker": ASKER,
        "assignee": {"oneOf": [{"type": "null"}, ASSIGNEE]},
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
        "answered_at": TIME,
        "reply_published_at": {**TIME, "description": "When a moderator checked the written "
                               "reply and published it (`publish`); until then the public "
                               "pages do not show its text."},
        "receipt": {"type": ["string", "null"], "description": "The asker's receipt code "
                    "(see `/f/{code}/r/{receipt}`); staff only, not in the unit's answer."},
        "contact_phone": {"type": ["string", "null"],
                          "description": "A letter's or call's phone number; staff only."},
        "topics": {"type": "array", "items": {"type": "object", "properties": {
            "id": {"type": "integer"}, "name": {"type": "string"}}}},
        "explanation": {"type": ["string", "null"]},
        "explained_at": TIME,
        "upvotes": {"type": "integer"},
        "due": {"type": ["string", "null"], "format": "date"},
        "prepare_by": {"type": ["string", "null"], "format": "date"},
        "received_on": {"type": ["string", "null"], "format": "date"},
        "created_at": {"type": "string", "format": "date-time"},
        "updated_at": {"type": "string", "format": "date-time"},
        "version": {"type": "integer"},
        "actions": {"type": "array", "description": "What staff may do to the question now, by "
                    "the action's name (`POST .../questions/{id}/{action}`); the console offers "
                    "exactly these (a unit gets only `explain`).",
                    "items": {"type": "string", "enum": [
                        "approve", "reject", "restore", "merge", "show", "hide", "answer",
                        "defer", "publish", "edit", "assign", "topics", "explain"]}},
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
VISIBLE = r"[^\s\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]"


def server_checks(schema: dict, what: str) -> dict:
    """A field whose well-formed value the server may still refuse with a 400 naming it
    (`field`), for a reason no schema can state: `x-server-checks` says which."""
    return {**schema, "description": (schema.get("description", "") + " " + what).strip(),
            "x-server-checks": what}


STAFF_ONLY = "Staff only: from a phone (no staff login), 400."

NEW_QUESTION = {
    "type": "object", "required": ["text"],
    "properties": {
        "text": {"type": "string", "minLength": 1, "maxLength": 1000, "pattern": VISIBLE,
                 "description": "Blanks at the ends do not count; only blanks (or control "
                                "and zero-width characters) is no question."},
        "name": {"type": ["string", "null"], "maxLength": 120},
        "affiliation": {"type": ["string", "null"], "maxLength": 200},
        "client_key": {"type": "string", "pattern": "^[A-Za-z0-9_-]{8,64}$",
                       "description": "Chosen by the client; the same key again returns the "
                                      "same question instead of a copy."},
        "channel": server_checks(
            {"type": "string", "enum": ["suggestion_box", "hotline", "floor"],
             "description": "A letter, a call, or a spoken floor question."}, STAFF_ONLY),
        "received_on": server_checks({"type": "string", "format": "date"}, STAFF_ONLY),
        "contact_phone": server_checks(
            {"type": "string", "maxLength": 20,
             "pattern": r"^\s*((?=([^0-9]*[0-9]){6})[0-9+\-. ]{6,20})?\s*$",
             "description": "Never shown to the hall or published."}, STAFF_ONLY),
    },
}

IN_FORUM = "Must name a question of this forum, else 400."
ASSIGNEE_ID = server_checks({"type": ["integer", "null"]},
                              "Must name an assignee of this forum, else 400.")

ACTION_SUMMARIES = {
    "publish": "`publish` a written reply (moderators): staff recorded it (`answer` on a "
               "deferred question, or the follow-up page); once a moderator has checked it, "
               "this sets `reply_published_at` and logs `question.publish` in the record, and "
               "the results page and the asker's receipt page show the reply with that date. "
               "409 when the question has no written reply or it is already published.",
}

RECEIVED = {"type": "object", "required": ["id", "receipt"], "properties": {
    "id": {"type": "integer"}, "status": {"type": "string"},
    "client_key": {"type": ["string", "null"]},
    "receipt": {"type": "string", "pattern": "^[23456789ABCDEFGHJKMNPQRSTVWXYZ]{10}$",
                "description": "A code that cannot be guessed (10 symbols without the "
                               "look-alikes 0, O, 1, I, L, U): the asker keeps it and sees at "
                               "`GET /f/{code}/r/{receipt}` (a public page, rate-limited) what "
                               "became of the question, without giving a name. A resend of "
                               "the same client_key answers the same receipt."}}}

ACTION_BODIES = {
    "approve": {}, "restore": {}, "show": {}, "hide": {},
    #: a moderator checked a written reply staff recorded: the public pages show it, dated
    "publish": {},
    "reject": {"reason": {"type": ["string", "null"], "enum": ["out_of_scope", "", None]}},
    "assign": {"assignee_id": ASSIGNEE_ID,
               "prepare_by": {"type": ["string", "null"], "format": "date",
                              "description": "Before the forum: when the unit's explanation "
                                             "is due."}},
    "topics": {"topic_ids": server_checks(
        {"type": "array", "items": {"type": "integer"}},
        "Each must name a topic of this forum, else 400.")},
    "edit": {"text": {"type": "string", "minLength": 1, "maxLength": 1000,
                      "pattern": VISIBLE}},
    "merge": {"into": server_checks({"type": "integer"},
                                     "Must name another question of this forum, else 400.")},
    "answer": {"note": server_checks(
        {"type": ["string", "null"], "maxLength": 5000},
        "Needed (400 without it) when the question was deferred for a written reply.")},
    "defer": {"assignee_id": server_checks(
                  {"type": ["integer", "null"]},
                  "Must name an assignee of this forum; needed (400 without it) for a written "
                  "reply when the question has none yet."),
              "due": server_checks({"type": ["string", "null"], "format": "date"},
                                    "Needed (400 without it) for a written reply."),
              "referred_to": {"type": ["string", "null"], "maxLength": 300,
                              "description": "Another body the question is passed to."}},
}
#: the fields an action cannot do without (its body is then required too)
ACTION_REQUIRED = {"topics": ["topic_ids"], "edit": ["text"], "merge": ["into"]}


RUNNING_ORDER = {"type": "object", "required": ["order", "next"], "properties": {
    "order": {"type": "array", "items": {"type": "integer"},
              "description": "The approved questions' ids, first to be taken first."},
    "next": {"type": ["integer", "null"], "description": "The question ready to show next."}}}


def response(description, schema=None):
    body = {"description": description}
    if schema is not None:
        body["content"] = {"application/json": {"schema": schema}}
    return body


def errors(*codes):
    text = {400: "Bad input, with a message a person can read.", 401: "Not logged in.",
            403: "Not allowed for this account.", 404: "No such forum or question.",
            409: "Stale version, a move the state machine does not allow, or a question the "
                 "forum's phase does not take (not open yet, closed), with the reason.",
            413: "Body too large.",
            429: "Too many from one phone or address; wait a little and send again."}
    return {str(c): response(text[c], ERROR) for c in codes}


#: a filter holds no NUL (the server refuses it with a 400: no database can search for it)
FILTER = {"type": "string", "pattern": "^[^\\x00]*$"}
#: an id filter is at most 20 digits (an id past the column's range finds nothing: `[]`)
ID_FILTER = {"type": "integer", "minimum": -(10**20 - 1), "maximum": 10**20 - 1}
CODE = {"name": "code", "in": "path", "required": True, "schema": {"type": "string"},
         "description": "The forum's join code, e.g. thuan-an-2018."}
STAFF = [{"session": []}, {"bearer": []}]
ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
UPVOTE = {"type": "object", "properties": {"id": {"type": "integer"},
                                            "upvotes": {"type": "integer"},
                                            "added": {"type": "boolean"}}}
