/*
 * What may be done to a question: by its state, each action with its label and style; the
 * steps on several at once; the actions that ask first; each action's key; and whether this
 * account may use one (see common.js for how the console's files share).
 */
(function (C) {
  'use strict';
  if (!C) { return; }
  var T = C.T;

  var B = T.buttons || {};
  var EDIT = ['edit', B.edit, 'quiet'];
  var ASSIGN = ['assign', B.assign, 'quiet'];
  var TOPICS = ['topics', B.topics, 'quiet'];
  /* A rejection that says why: outside what the forum deals with. */
  var OUT_OF_SCOPE = ['reject:out_of_scope', B.outOfScope, 'danger'];
  /* What may be done in each state: [action, label, style]. */
  C.ACTIONS = {
    'new': [['approve', B.approve, 'ok'], ['reject', B.reject, 'danger'], OUT_OF_SCOPE, ['merge', B.merge, 'quiet'],
      EDIT, ASSIGN, TOPICS],
    queued: [['show', B.show, 'primary'], ['answer', B.answer, 'ok'], ['defer', B.defer, 'quiet'],
      ['reject', B.reject, 'danger'], OUT_OF_SCOPE, EDIT, ASSIGN, TOPICS],
    on_screen: [['hide', B.hide, 'quiet'], ['answer', B.answer, 'ok'], ['defer', B.defer, 'quiet'], EDIT, ASSIGN,
      TOPICS],
    deferred: [['answer', B.answerWritten, 'ok'], EDIT, ASSIGN, TOPICS],
    answered: [EDIT, ASSIGN, TOPICS],
    rejected: [['restore', B.restore, 'quiet'], EDIT, ASSIGN, TOPICS],
    merged: []
  };
  /* What one step on several picked questions may do, by their state (POST /questions/bulk). */
  C.BULK = { 'new': ['approve', 'reject'], queued: ['reject'] };
  /* Actions that ask for something first. */
  C.DIALOGS = { answer: true, defer: true, edit: true, merge: true, assign: true, topics: true };
  /* The key of each action on the selected question (the help overlay lists the same). */
  C.KEYS = { approve: 'A', reject: 'R', show: 'S', hide: 'H', answer: 'D', defer: 'F', edit: 'E', merge: 'M',
    assign: 'G', topics: 'T' };
  /* The name of each action in "this account may not ..." and the sentence of "#5 is X: cannot ...". */
  C.ACTION_NAMES = T.actionNames || {};
  C.CANNOT = T.cannot || {};

  /* May this account use the action? Noting an answer is the secretary's too; the rest is moderation. */
  C.allowed = function allowed(spec) {
    if (spec[0] === 'topics' && !C.topics.length) { return false; }
    return spec[0] === 'answer' ? C.canAnswer : C.canModerate;
  };
}(window.Console));
