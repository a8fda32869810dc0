/*
 * The queue: the filters above it (channel, topic, unit, words; the sort by upvotes), the
 * compact cards in their columns by state, and the queue pushes that draw them again: the whole
 * queue, or what changed since the push before (see common.js for how the console's files
 * share).
 */
(function (window, document, C) {
  'use strict';
  if (!C) { return; }
  var $ = C.$, el = C.el, clear = C.clear, fold = C.fold, isoDay = C.isoDay, localDay = C.localDay;
  var Live = C.Live, T = C.T, t = C.t, labels = C.labels, canModerate = C.canModerate;
  var plural = C.plural, upvoteText = C.upvoteText;
  var KEYS = C.KEYS, actionsOf = C.actionsOf, bulkOf = C.bulkOf, offers = C.offers;
  var busy = C.busy;
  var openCards = C.openCards;

  var FRESH_MS = 10000;
  var GROUPS = ['new', 'queued', 'on_screen', 'deferred', 'answered', 'rejected', 'merged'];
  var baseTitle = document.title;
  /* The explanations and the "+2 asked the same" lists opened by hand (ids as keys), and when
     this console first saw each question (0: already there when the page opened). */
  var openExplain = {};
  var openMerged = {};
  var seenAt = {};
  var firstQueue = true;

  /* ---------- the queue ---------- */

  var searchEl = $('queue-search');
  var filterChannel = $('filter-channel');
  var filterTopic = $('filter-topic');
  var filterAssignee = $('filter-assignee');
  var sortUpvotes = $('sort-upvotes');
  var filterClear = $('filter-clear');

  function assigneeLabel(a) {
    return a ? Live.assigneeLine(a) : '';
  }

  function matches(q, words) {
    if (!words.length) { return true; }
    var asker = q.asker ? (q.asker.name || '') + ' ' + (q.asker.affiliation || '') : '';
    var hay = fold('#' + q.id + ' ' + q.text + ' ' + q.original_text + ' ' + asker + ' ' + assigneeLabel(q.assignee) +
      ' ' + topicNames(q).join(' '));
    for (var i = 0; i < words.length; i++) { if (hay.indexOf(words[i]) < 0) { return false; } }
    return true;
  }

  function topicNames(q) {
    return (q.topics || []).map(function (topic) { return topic.name; });
  }

  function hasTopic(q, id) {
    return (q.topics || []).some(function (topic) { return topic.id === id; });
  }

  /* The selects above the queue: '' is everything, 'none' is "not yet given one". */
  function passes(q) {
    var channel = filterChannel.value;
    var topic = filterTopic.value;
    var assignee = filterAssignee.value;
    if (channel && q.channel !== channel) { return false; }
    if (topic === 'none' && q.topics && q.topics.length) { return false; }
    if (topic && topic !== 'none' && !hasTopic(q, Number(topic))) { return false; }
    if (assignee === 'none' && q.assignee) { return false; }
    if (assignee && assignee !== 'none' && !(q.assignee && String(q.assignee.id) === assignee)) { return false; }
    return true;
  }

  function filtering() {
    return !!(filterChannel.value || filterTopic.value || filterAssignee.value);
  }

  function byUpvotes(a, b) {
    return (b.upvotes || 0) - (a.upvotes || 0) || a.id - b.id;
  }

  function line(label, value, className) {
    var p = el('p', className || 'qcard__line');
    p.appendChild(el('b', null, label + ': '));
    p.appendChild(document.createTextNode(value));
    return p;
  }

  /* An icon of templates/_icons.html, cloned from the page's <template id="icon-NAME">. */
  function icon(name) {
    var source = document.getElementById('icon-' + name);
    return source ? source.content.firstElementChild.cloneNode(true) : document.createTextNode('');
  }

  /* Is there more to the card than its folded form shows? */
  function hasDetails(q) {
    return q.text.length > 110 || q.text.indexOf('\n') >= 0 || q.edited || !!(q.referred_to || q.due ||
      q.prepare_by || q.merged_into || q.explanation || q.answer_note);
  }

  /* A compact card: one line of facts, the text in two lines, the actions on one row; the
     rest on demand (the toggle, or selecting the card). */
  function card(q, place) {
    var art = el('article', 'qcard qcard--' + q.status);
    art.setAttribute('data-id', q.id);
    if (q.id === C.selectedId) {
      art.className += ' is-selected';
      art.setAttribute('aria-current', 'true');
    }
    var open = !!openCards[q.id] || q.status === 'on_screen';
    if (open) { art.className += ' is-open'; }
    if (C.picked[q.id]) { art.className += ' is-picked'; }
    var age = Date.now() - (seenAt[q.id] || 0);
    if (seenAt[q.id] && age < FRESH_MS) {
      art.className += ' is-fresh';
      art.style.animationDelay = (-age) + 'ms';  // one highlight, however often we re-render
    }
    if (busy[q.id]) { art.className += ' is-busy'; }

    var meta = el('p', 'qcard__meta');
    if (bulkOf(q).length) {
      var pick = el('input', 'qcard__pick');
      pick.type = 'checkbox';
      pick.checked = !!C.picked[q.id];
      pick.setAttribute('data-pick', q.id);
      pick.setAttribute('aria-label', t(T.pickOne, { id: q.id }));
      meta.appendChild(pick);
    }
    meta.appendChild(el('span', 'qcard__id', '#' + q.id));
    meta.appendChild(el('span', null, labels.channel[q.channel] || q.channel));
    meta.appendChild(el('span', null, q.received_on ? t(T.received, { date: isoDay(q.received_on) })
      : Live.clock(q.created_at)));
    var asker = Live.askerLine(q.asker);
    meta.appendChild(el('span', 'qcard__asker' + (asker ? '' : ' muted'), asker || T.noName));
    if (q.id === C.nextId) { meta.appendChild(el('span', 'qcard__tag qcard__tag--next', T.next)); }
    if (q.edited) { meta.appendChild(el('span', 'qcard__tag', T.edited)); }
    if (q.outcome && (q.status === 'rejected' || q.outcome === 'referred')) {
      meta.appendChild(el('span', 'qcard__tag', labels.outcome[q.outcome] || q.outcome));
    }
    if (q.upvotes) {
      var votes = el('span', 'qcard__votes');
      votes.appendChild(icon('thumbs-up'));
      votes.appendChild(document.createTextNode(' ' + q.upvotes));
      votes.title = upvoteText(q.upvotes);
      votes.setAttribute('aria-label', upvoteText(q.upvotes));
      meta.appendChild(votes);
    }
    (q.topics || []).forEach(function (topic) { meta.appendChild(el('span', 'chip', topic.name)); });
    (q.flags || []).forEach(function (kind) {
      if (C.FLAG_LABELS[kind]) { meta.appendChild(el('span', 'qcard__tag qcard__flag qcard__flag--' + kind, C.FLAG_LABELS[kind])); }
    });
    art.appendChild(meta);

    var text = el('p', 'qcard__text');
    C.markedText(text, q.text, q.flag_spans);
    text.id = 'qtext-' + q.id;
    art.appendChild(text);
    if (q.status === 'new') {
      var maybe = C.similarHint(q);
      if (maybe) { art.appendChild(maybe); }
      C.wantSimilar(q.id);
    }
    if (q.assignee) { art.appendChild(line(T.answerer, assigneeLabel(q.assignee))); }
    var more = el('div', 'qcard__more');
    more.id = 'qmore-' + q.id;
    if (q.edited) { more.appendChild(line(T.original, q.original_text, 'qcard__original')); }
    if (q.referred_to) { more.appendChild(line(T.referredTo, q.referred_to)); }
    if (q.due) { more.appendChild(line(T.due, isoDay(q.due))); }
    if (q.prepare_by) { more.appendChild(line(T.prepareBy, isoDay(q.prepare_by))); }
    if (q.merged_into) { more.appendChild(line(T.mergedInto, '#' + q.merged_into)); }
    if (q.explanation) { more.appendChild(explanation(q)); }
    if (q.answer_note) {
      // a written reply waiting to be published is in sight of the button that publishes it
      (offers(q, 'publish') ? art : more).appendChild(el('p', 'qcard__note', q.answer_note));
    }
    if (more.firstChild) { art.appendChild(more); }
    if (q.merged_from && q.merged_from.length) { art.appendChild(mergedFrom(q)); }

    var bar = el('div', 'qcard__actions');
    actionsOf(q).forEach(function (spec) {
      bar.appendChild(actionButton(spec, q.id));
    });
    if (q.status === 'queued' && canModerate) { queuedTools(bar, meta, q, place || {}); }
    if (hasDetails(q) && q.status !== 'on_screen') {
      var toggle = el('button', 'qcard__toggle', open ? T.fold : T.unfold);
      toggle.type = 'button';
      toggle.setAttribute('data-action', 'toggle');
      toggle.setAttribute('data-id', q.id);
      toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
      toggle.setAttribute('aria-controls', text.id + (more.firstChild ? ' ' + more.id : ''));
      bar.appendChild(toggle);
    }
    if (bar.firstChild) { art.appendChild(bar); }
    return art;
  }

  function actionButton(spec, id) {
    var b = el('button', 'button button--' + spec[2], spec[1]);
    b.type = 'button';
    b.setAttribute('data-action', spec[0]);
    b.setAttribute('data-id', id);
    if (KEYS[spec[0]]) {
      b.title = t(T.withKey, { label: spec[1].replace('…', ''), key: KEYS[spec[0]] });
      b.setAttribute('aria-keyshortcuts', KEYS[spec[0]]);
    }
    return b;
  }

  /* The running-order tools on a queued question: make it the next one, move it up or down. */
  function queuedTools(bar, meta, q, place) {
    var isNext = q.id === C.nextId;
    var next = el('button', 'button button--quiet', isNext ? T.unsetNext : T.next);
    next.type = 'button';
    next.setAttribute('data-action', 'next');
    next.setAttribute('data-id', q.id);
    next.setAttribute('aria-pressed', isNext ? 'true' : 'false');
    next.title = T.nextTitle;
    next.setAttribute('aria-keyshortcuts', 'P');
    bar.appendChild(next);
    if (sortUpvotes.checked) { return; }  // the order is by upvotes then
    var moves = el('span', 'qcard__order');
    meta.appendChild(moves);
    var up = T.moveUp || {};
    var down = T.moveDown || {};
    [['order:up', up.text, up, place.first, '['],
      ['order:down', down.text, down, place.last, ']']].forEach(function (spec) {
      var b = el('button', 'qcard__move');
      b.appendChild(icon(spec[0] === 'order:up' ? 'arrow-up' : 'arrow-down'));
      b.appendChild(document.createTextNode(' ' + spec[1]));
      b.type = 'button';
      b.setAttribute('data-action', spec[0]);
      b.setAttribute('data-id', q.id);
      b.setAttribute('aria-label', t(spec[2].label, { id: q.id, key: spec[4] }));
      b.setAttribute('aria-keyshortcuts', spec[4]);
      b.title = t(spec[2].title, { key: spec[4] });
      b.disabled = !!spec[3];
      moves.appendChild(b);
    });
  }

  /* "+2 asked the same": the questions merged into this one, folded; open, who asked each (named
     where they gave a name). It stays open across re-renders once opened. */
  function mergedFrom(q) {
    var box = el('details', 'qcard__merged');
    box.open = !!openMerged[q.id];
    box.appendChild(el('summary', null, plural(T.mergedFrom, q.merged_from.length)));
    box.title = T.mergedFromTitle;
    var named = {};
    (q.co_askers || []).forEach(function (asker) { named[asker.id] = Live.askerLine(asker); });
    var list = el('ul', 'qcard__merged-list');
    q.merged_from.forEach(function (id) {
      var item = el('li');
      item.appendChild(el('span', 'qcard__id', '#' + id));
      item.appendChild(document.createTextNode(' '));
      item.appendChild(named[id] ? document.createTextNode(named[id]) : el('span', 'muted', T.noName));
      list.appendChild(item);
    });
    box.appendChild(list);
    box.addEventListener('toggle', function () {
      if (box.open) { openMerged[q.id] = true; } else { delete openMerged[q.id]; }
    });
    return box;
  }

  /* The unit's explanation, folded; it stays open across re-renders once opened. */
  function explanation(q) {
    var box = el('details', 'qcard__explain');
    box.open = !!openExplain[q.id];
    var when = q.explained_at ? ' · ' + Live.clock(q.explained_at) + ' ' + localDay(q.explained_at) : '';
    box.appendChild(el('summary', null, T.explanation + when));
    box.appendChild(el('p', 'qcard__explain-text', q.explanation));
    box.addEventListener('toggle', function () {
      if (box.open) { openExplain[q.id] = true; } else { delete openExplain[q.id]; }
    });
    return box;
  }

  function renderQueue() {
    var words = fold(searchEl.value).split(/\s+/).filter(Boolean);
    var filtered = filtering();
    var groups = {};
    var shownCount = 0;
    GROUPS.forEach(function (g) { groups[g] = []; });
    C.questions.forEach(function (q) {
      if (groups[q.status] && passes(q) && matches(q, words)) { groups[q.status].push(q); shownCount++; }
    });
    if (sortUpvotes.checked) {
      GROUPS.forEach(function (g) { groups[g].sort(byUpvotes); });
    } else {
      // The oldest new question first (it has waited longest); answered ones newest first;
      // the queued ones as this console arranged them.
      groups.answered.reverse();
      groups.queued.sort(C.byOrder());
    }
    GROUPS.forEach(function (g) {
      var list = $('list-' + g);
      var count = $('count-' + g);
      var fragment = document.createDocumentFragment();
      var last = groups[g].length - 1;
      groups[g].forEach(function (q, i) { fragment.appendChild(card(q, { first: i === 0, last: i === last })); });
      clear(list);
      list.appendChild(fragment);
      count.textContent = String(groups[g].length);
    });
    $('queue-total').textContent = words.length || filtered
      ? plural(T.found, C.questions.length, { shown: shownCount })
      : plural(T.total, C.questions.length);
    filterClear.hidden = !(filtered || words.length || sortUpvotes.checked);
    var fresh = C.questions.filter(function (q) { return q.status === 'new'; }).length;
    document.title = (fresh ? t(T.titleNew, { n: fresh }) : '') + baseTitle;
    C.renderPreviewActions();
    C.renderUpnext();
    C.renderPicked();
  }

  /* A whole queue (on connect, and when something every card reads changed): everything as
     it says, a fresh start. */
  function onQueue(payload) {
    if (!payload || !payload.questions) { return; }
    took(payload.questions, payload);
  }

  /* What changed since the push before (queue=delta): those questions, and the running order
     whole. */
  function onQueueDelta(payload) {
    if (!payload || !payload.questions) { return; }
    took(mergeQuestions(C.questions, payload.questions), payload);
  }

  /* `held` with each of `incoming` put in by id: a new one added (the list stays in id order,
     as the server sends it), a known one replaced unless the one held has a newer version (a
     push that arrived late, from another server process, never undoes a newer one). */
  function mergeQuestions(held, incoming) {
    var list = held.slice();
    var at = {};
    var added = false;
    list.forEach(function (q, i) { at[q.id] = i; });
    incoming.forEach(function (q) {
      if (!at.hasOwnProperty(q.id)) {
        at[q.id] = list.length;
        list.push(q);
        added = true;
      } else if ((q.version || 0) >= (list[at[q.id]].version || 0)) {
        list[at[q.id]] = q;
      }
    });
    if (added) { list.sort(function (a, b) { return a.id - b.id; }); }
    return list;
  }

  /* Draw the console again from these questions and the payload's running order. */
  function took(questions, payload) {
    var now = Date.now();
    var arrived = [];
    C.questions = questions;
    if (payload.order) { C.order = payload.order; }
    if (payload.next !== undefined) { C.nextId = payload.next; }
    C.byId = {};
    C.questions.forEach(function (q) {
      C.byId[q.id] = q;
      if (!(q.id in seenAt)) {
        seenAt[q.id] = firstQueue ? 0 : now;
        if (!firstQueue && q.status === 'new') { arrived.push(q.id); }
      }
    });
    firstQueue = false;
    if (C.nextId !== null && !(C.byId[C.nextId] && C.byId[C.nextId].status === 'queued')) { C.nextId = null; }
    renderQueue();
    C.loadGroups();  // only while the "Groups" view is open
    C.checkDialog();
    if (arrived.length) { C.newQuestions(arrived); }
  }

  C.actionButton = actionButton;
  C.assigneeLabel = assigneeLabel;
  C.renderQueue = renderQueue;
  C.onQueue = onQueue;
  C.onQueueDelta = onQueueDelta;
  C.mergeQuestions = mergeQuestions;
}(window, document, window.Console));
