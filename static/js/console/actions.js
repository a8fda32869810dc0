/*
 * What may be done to a question is the server's to say: each queue entry carries `actions`,
 * the verbs allowed now (models/question.py `ACTIONS`, beside the state machine, and `publish`
 * for a written reply not yet published). The console keeps no table by state: this file says
 * how each verb looks, its key, which ones ask first, and whether this account may use one;
 * a card's buttons and the keys offer only the verbs of `actions` (see common.js for how the
 * console's files share).
 */
(function (C) {
  'use strict';
  if (!C) { return; }
  var T = C.T;

  var B = T.buttons || {};
  /* How each verb is drawn: [label, style]. */
  var LOOKS = {
    approve: [B.approve, 'ok'],
    reject: [B.reject, 'danger'],
    /* A rejection that says why (outside what the forum deals with): offered beside "reject". */
    'reject:out_of_scope': [B.outOfScope, 'danger'],
    merge: [B.merge, 'quiet'],
    show: [B.show, 'primary'],
    hide: [B.hide, 'quiet'],
    answer: [B.answer, 'ok'],
    defer: [B.defer, 'quiet'],
    restore: [B.restore, 'quiet'],
    publish: [B.publish, 'ok'],
    edit: [B.edit, 'quiet'],
    assign: [B.assign, 'quiet'],
    topics: [B.topics, 'quiet']
  };
  /* What one step on several picked questions may do (POST /questions/bulk): the same moves. */
  var BULK = ['approve', 'reject'];
  /* Actions that ask for something first. */
  C.DIALOGS = { answer: true, defer: true, edit: true, merge: true, assign: true, topics: true };
  /* The key of each action on the selected question (the help overlay lists the same). */
  C.KEYS = { approve: 'A', reject: 'R', show: 'S', hide: 'H', answer: 'D', defer: 'F', edit: 'E', merge: 'M',
    assign: 'G', topics: 'T' };
  /* The name of each action in "this account may not ..." and the sentence of "#5 is X: cannot ...". */
  C.ACTION_NAMES = T.actionNames || {};
  C.CANNOT = T.cannot || {};

  /* Does the server allow the verb on the question now? */
  function offers(q, verb) {
    return !!q && (q.actions || []).indexOf(verb) >= 0;
  }

  /* May this account use the verb? Noting an answer is the secretary's too; the rest is
     moderation. Topics only when the forum has some. */
  function allowed(verb) {
    if (verb === 'topics' && !C.topics.length) { return false; }
    return verb === 'answer' ? C.canAnswer : C.canModerate;
  }

  /* The buttons of a question, in the server's order: [verb, label, style] for each verb it
     allows now that this account may use; a verb this console does not know is left out. */
  function actionsOf(q) {
    var specs = [];
    (q.actions || []).forEach(function (verb) {
      (verb === 'reject' ? ['reject', 'reject:out_of_scope'] : [verb]).forEach(function (name) {
        if (!LOOKS[name] || !allowed(name)) { return; }
        // the answer to a deferred question is the written one
        var label = name === 'answer' && q.status === 'deferred' ? B.answerWritten : LOOKS[name][0];
        specs.push([name, label, LOOKS[name][1]]);
      });
    });
    return specs;
  }

  /* The steps on several at once this question may take part in. */
  function bulkOf(q) {
    return BULK.filter(function (verb) { return offers(q, verb) && allowed(verb); });
  }

  C.offers = offers;
  C.allowed = allowed;
  C.actionsOf = actionsOf;
  C.bulkOf = bulkOf;
}(window.Console));
