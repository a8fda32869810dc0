/*
 * The queued column's running order and the question ready to show next, both the forum's (POST
 * /queue/order and /queue/next): every console and the stage view see the same; the panel of
 * the next question (see common.js for how the console's files share).
 */
(function (window, document, C) {
  'use strict';
  if (!C) { return; }
  var hint = C.hint, T = C.T, canModerate = C.canModerate, $ = C.$, t = C.t, post = C.post;
  var act = C.act, Live = C.Live;
  var busy = C.busy;
  var sortUpvotes = $('sort-upvotes');

  /* ---------- the running order of the queued column, and the next question ---------- */

  function byOrder() {
    var index = {};
    C.order.forEach(function (id, i) { index[id] = i; });
    return function (a, b) {
      var ia = a.id in index ? index[a.id] : Infinity;
      var ib = b.id in index ? index[b.id] : Infinity;
      return (ia - ib) || (a.id - b.id);
    };
  }

  /* Swap the selected queued question with its neighbour as shown (filters apply). */
  function moveQueued(q, step) {
    if (!q || q.status !== 'queued') { hint(T.orderWhich); return; }
    if (!canModerate) { hint(T.mayNotArrange); return; }
    if (sortUpvotes.checked) { hint(T.orderSorted); return; }
    var shown = Array.prototype.map.call($('list-queued').querySelectorAll('.qcard'), function (node) {
      return Number(node.getAttribute('data-id'));
    });
    var at = shown.indexOf(q.id);
    var other = shown[at + step];
    if (at < 0 || other === undefined) { return; }
    var full = C.questions.filter(function (x) { return x.status === 'queued'; }).sort(byOrder())
      .map(function (x) { return x.id; });
    var i = full.indexOf(q.id);
    var j = full.indexOf(other);
    full[i] = other;
    full[j] = q.id;
    // Shown at once; the server's answer (and its push to every console) has the last word.
    C.order = full;
    C.renderQueue();
    C.select(q.id);
    C.announce(t(T.orderMoved, { id: q.id, n: at + step + 1 }));
    post('/queue/order', { order: full }).then(running);
  }

  /* The running order and next question as the server answered them (the push says the same). */
  function running(result) {
    if (!result.ok || !result.data.order) { return; }
    C.order = result.data.order;
    C.nextId = result.data.next === undefined ? null : result.data.next;
    C.renderQueue();
  }

  function setNext(id) {
    C.nextId = id;
    C.renderQueue();
    return post('/queue/next', { question_id: id }).then(running);
  }

  function pickNext(q) {
    if (!q || q.status !== 'queued') { hint(T.nextWhich); return; }
    if (!canModerate) { hint(T.mayNotArrange); return; }
    setNext(C.nextId === q.id ? null : q.id);
    C.announce(C.nextId === q.id ? t(T.nextSet, { id: q.id }) : T.nextUnset);
  }

  function showNext() {
    var q = C.nextId !== null ? C.byId[C.nextId] : null;
    if (!q) { hint(T.nextNone); return; }
    if (!canModerate) { hint(T.mayNotShow); return; }
    if (busy[q.id]) { return; }
    act(q, 'show', {}).then(function (ok) {
      if (ok) {
        if (C.nextId === q.id) { C.nextId = null; }  // the server took it out of the slot too
        C.select(q.id);
      }
    });
  }

  function renderUpnext() {
    var q = C.nextId !== null ? C.byId[C.nextId] : null;
    $('upnext-empty').hidden = !!q;
    $('upnext-body').hidden = !q;
    if (!q) { return; }
    Live.setText($('upnext-text'), '#' + q.id + ' · ' + q.text);
    var parts = [];
    var asker = Live.askerLine(q.asker);
    parts.push(asker ? t(T.askerIs, { name: asker }) : T.noName);
    if (q.assignee) { parts.push(t(T.answererIs, { name: C.assigneeLabel(q.assignee) })); }
    Live.setText($('upnext-meta'), parts.join(' · '));
  }
  if ($('upnext-show')) { $('upnext-show').addEventListener('click', showNext); }
  if ($('upnext-clear')) { $('upnext-clear').addEventListener('click', function () { setNext(null); }); }

  C.byOrder = byOrder;
  C.moveQueued = moveQueued;
  C.pickNext = pickNext;
  C.showNext = showNext;
  C.renderUpnext = renderUpnext;
}(window, document, window.Console));
