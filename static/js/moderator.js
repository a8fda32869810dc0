/*
 * The moderator's console. The server pushes the whole queue ('queue') and the hall's
 * snapshot ('state') after every change; this file re-renders from them, never from diffs,
 * so two moderators in two browsers always see the same thing. Each action is one POST to
 * /api/f/<code>/questions/<id>/<action> carrying the question's version; a refusal (409, 400)
 * is shown in a banner, and the push has already brought the queue up to date.
 * Filters (channel, topic, unit, words) and the sort by upvotes work on the pushed queue, here.
 * Buttons the account may not use (data-can-* on #console) are not drawn: a secretary sees the
 * queue and notes answers, but moderates nothing and does not run the agenda.
 *
 * For speed, every action on the selected question has a key (the "?" overlay lists them),
 * a new question beeps (if the sound box is ticked) and flashes, one queued question can be kept
 * ready as the "next question" (Shift+S shows it), and the queued column can be put in the order the
 * chair wants. That order and that next question are the forum's (POST /queue/order and
 * /queue/next; the queue push carries `order` and `next`): every console and the stage view see
 * the same, and a reopened laptop finds them as they were. The speaker's countdown is the
 * server's (POST /timers/speaker) and shows on the projector.
 *
 * The assistant (live/assistant) only suggests: a new question's card says which questions it may
 * repeat ("may duplicate #12, #40", from GET /questions/<id>/similar, asked once per new
 * question, a few at a time, and kept), M opens the merge dialog with the likeliest of them
 * chosen, the topics dialog ticks the suggested topic, the words it flags are marked in the text,
 * and the "Groups" view shows the waiting and approved questions in clusters of likely duplicates
 * (GET /questions/groups), each merged in one step (POST /questions/<id>/merge-many).
 *
 * Every word shown comes from the page's <script id="strings"> block, rendered with gettext in
 * the reader's language (templates/moderator/console.html); none lives here.
 */
(function (window, document) {
  'use strict';

  var Live = window.ForumLive;
  var root = document.getElementById('console');
  if (!root || !Live || !window.fetch) { return; }
  var T = Live.strings();
  var t = Live.t;

  var FRESH_MS = 10000;
  var api = root.getAttribute('data-api');
  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  var csrf = csrfMeta ? csrfMeta.getAttribute('content') : '';
  var labels = Live.data('staff-labels') || { status: {}, channel: {} };
  var assignees = Live.data('console-assignees') || [];
  var topics = Live.data('console-topics') || [];
  var canModerate = root.getAttribute('data-can-moderate') !== 'false';
  var canAnswer = root.getAttribute('data-can-answer') !== 'false';
  var canRunAgenda = root.getAttribute('data-can-run-agenda') !== 'false';
  var openExplain = {};
  var openMerged = {};
  /* Cards unfolded by hand, and the questions picked for one step on several (ids as keys). */
  var openCards = {};
  var picked = {};
  var pickAnchor = null;
  var state = Live.data('console-state');
  var questions = (Live.data('console-queue') || {}).questions || [];
  var byId = {};
  var seenAt = {};
  var busy = {};
  var firstQueue = true;
  var baseTitle = document.title;
  var GROUPS = ['new', 'queued', 'on_screen', 'deferred', 'answered', 'rejected', 'merged'];
  var settings = localStore('forum-live:console:');
  var offset = Live.clockOffset(root);
  /* The question the keys act on (an id); the one ready to show next and the queued column's
     running order (ids, top first), both the forum's, as the last queue push said. */
  var selectedId = null;
  var firstQueueData = Live.data('console-queue') || {};
  var nextId = firstQueueData.next === undefined ? null : firstQueueData.next;
  var order = firstQueueData.order || [];

  var B = T.buttons || {};
  var EDIT = ['edit', B.edit, 'quiet'];
  var ASSIGN = ['assign', B.assign, 'quiet'];
  var TOPICS = ['topics', B.topics, 'quiet'];
  /* A rejection that says why: outside what the forum deals with. */
  var OUT_OF_SCOPE = ['reject:out_of_scope', B.outOfScope, 'danger'];
  /* What may be done in each state: [action, label, style]. */
  var ACTIONS = {
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
  var BULK = { 'new': ['approve', 'reject'], queued: ['reject'] };
  /* Actions that ask for something first. */
  var DIALOGS = { answer: true, defer: true, edit: true, merge: true, assign: true, topics: true };
  /* The key of each action on the selected question (the help overlay lists the same). */
  var KEYS = { approve: 'A', reject: 'R', show: 'S', hide: 'H', answer: 'D', defer: 'F', edit: 'E', merge: 'M',
    assign: 'G', topics: 'T' };
  /* The name of each action in "this account may not ..." and the sentence of "#5 is X: cannot ...". */
  var ACTION_NAMES = T.actionNames || {};
  var CANNOT = T.cannot || {};

  /* May this account use the action? Noting an answer is the secretary's too; the rest is moderation. */
  function allowed(spec) {
    if (spec[0] === 'topics' && !topics.length) { return false; }
    return spec[0] === 'answer' ? canAnswer : canModerate;
  }

  function $(id) { return document.getElementById(id); }

  /* JSON in localStorage under a prefix; a browser that refuses storage keeps nothing. */
  function localStore(prefix) {
    return {
      get: function (key, fallback) {
        try {
          var raw = window.localStorage.getItem(prefix + key);
          return raw === null ? fallback : JSON.parse(raw);
        } catch (e) { return fallback; }
      },
      set: function (key, value) {
        try { window.localStorage.setItem(prefix + key, JSON.stringify(value)); } catch (e) { /* kept in memory only */ }
      }
    };
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }

  /* Lower case without diacritics, as the server's search: "hoc phi" finds the accented words. */
  function fold(text) {
    var value = String(text || '').toLowerCase();
    if (value.normalize) { value = value.normalize('NFD').replace(/[\u0300-\u036f]/g, ''); }
    return value.replace(/\u0111/g, 'd');  // d with stroke: not a combining mark
  }

  function isoDay(iso) {
    if (!iso) { return ''; }
    var parts = iso.slice(0, 10).split('-');
    return parts.length === 3 ? parts[2] + '/' + parts[1] + '/' + parts[0] : iso;
  }

  /* "DD/MM/YYYY" of an ISO time, in Vietnam's time (UTC+7). */
  function localDay(iso) {
    var time = Date.parse(iso);
    if (isNaN(time)) { return ''; }
    var d = new Date(time + 7 * 3600 * 1000);
    var m = d.getUTCMonth() + 1;
    var day = d.getUTCDate();
    return (day < 10 ? '0' : '') + day + '/' + (m < 10 ? '0' : '') + m + '/' + d.getUTCFullYear();
  }

  function todayPlus(days) {
    var d = new Date(Date.now() + days * 86400000);
    var m = d.getMonth() + 1;
    var day = d.getDate();
    return d.getFullYear() + '-' + (m < 10 ? '0' : '') + m + '-' + (day < 10 ? '0' : '') + day;
  }

  function shorten(text, length) {
    text = String(text || '').replace(/\s+/g, ' ');
    return text.length > length ? text.slice(0, length - 1) + '…' : text;
  }

  /* ---------- banner ---------- */

  var banner = $('banner');
  var bannerText = $('banner-text');
  var bannerTimer = null;

  function showBanner(message, options) {
    options = options || {};
    // Never over an open dialog: said inside it instead, where the eyes are.
    if (modal && !modal.hidden && !options.link) { dialogError(message); return; }
    clear(bannerText);
    bannerText.appendChild(document.createTextNode(message));
    if (options.link) {
      bannerText.appendChild(document.createTextNode(' '));
      var a = el('a', null, options.linkText || options.link);
      a.href = options.link;
      bannerText.appendChild(a);
    }
    banner.className = 'banner' + (options.ok ? ' banner--ok' : '') + (options.info ? ' banner--info' : '');
    banner.hidden = false;
    window.clearTimeout(bannerTimer);
    bannerTimer = window.setTimeout(function () { banner.hidden = true; },
      options.ok ? 3500 : (options.info ? 5000 : 12000));
  }
  $('banner-close').addEventListener('click', function () { banner.hidden = true; });

  /* Why a key did nothing. */
  function hint(message) { showBanner(message, { info: true }); }

  /* ---------- requests ---------- */

  function post(path, body) {
    return window.fetch(api + path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json', 'X-CSRFToken': csrf },
      body: JSON.stringify(body || {})
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { ok: response.ok, status: response.status, data: data || {} };
      });
    }, function () {
      return { ok: false, status: 0, data: {} };
    }).then(function (result) {
      if (!result.ok) { refusal(result); }
      return result;
    });
  }

  function getJSON(path) {
    return window.fetch(api + path, {
      credentials: 'same-origin',
      headers: { 'Accept': 'application/json' }
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).catch(function () { return null; });
  }

  function refusal(result) {
    if (dialog && result.status !== 401) {
      // Said inside the open dialog, where the eyes are; the typed text stays.
      dialogError(result.status === 0 ? T.offline
        : (result.data.error || t(T.failed, { code: result.status })));
      return;
    }
    if (result.status === 401) {
      showBanner(T.expired, { link: root.getAttribute('data-login'), linkText: T.loginAgain });
    } else if (result.status === 0) {
      showBanner(T.offline);
    } else {
      showBanner(result.data.error || t(T.failed, { code: result.status }));
    }
  }

  function act(q, action, extra) {
    var body = { version: q.version };
    for (var key in extra) { if (extra.hasOwnProperty(key)) { body[key] = extra[key]; } }
    busy[q.id] = true;
    renderQueue();
    return post('/questions/' + q.id + '/' + action, body).then(function (result) {
      delete busy[q.id];
      renderQueue();
      return result.ok;
    });
  }

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

  /* A [singular, plural] pair of the strings block, for n, with {n} filled in. */
  function plural(pair, n, params) {
    var text = pair ? pair[n === 1 ? 0 : 1] : '';
    var values = { n: n };
    for (var key in params) { if (params.hasOwnProperty(key)) { values[key] = params[key]; } }
    return t(text, values);
  }

  function upvoteText(n) {
    return plural(T.upvotes, n);
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
    if (q.id === selectedId) {
      art.className += ' is-selected';
      art.setAttribute('aria-current', 'true');
    }
    var open = !!openCards[q.id] || q.status === 'on_screen';
    if (open) { art.className += ' is-open'; }
    if (picked[q.id]) { art.className += ' is-picked'; }
    var age = Date.now() - (seenAt[q.id] || 0);
    if (seenAt[q.id] && age < FRESH_MS) {
      art.className += ' is-fresh';
      art.style.animationDelay = (-age) + 'ms';  // one highlight, however often we re-render
    }
    if (busy[q.id]) { art.className += ' is-busy'; }

    var meta = el('p', 'qcard__meta');
    if (canModerate && BULK[q.status]) {
      var pick = el('input', 'qcard__pick');
      pick.type = 'checkbox';
      pick.checked = !!picked[q.id];
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
    if (q.id === nextId) { meta.appendChild(el('span', 'qcard__tag qcard__tag--next', T.next)); }
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
      if (FLAG_LABELS[kind]) { meta.appendChild(el('span', 'qcard__tag qcard__flag qcard__flag--' + kind, FLAG_LABELS[kind])); }
    });
    art.appendChild(meta);

    var text = el('p', 'qcard__text');
    markedText(text, q.text, q.flag_spans);
    text.id = 'qtext-' + q.id;
    art.appendChild(text);
    if (q.status === 'new') {
      var maybe = similarHint(q);
      if (maybe) { art.appendChild(maybe); }
      wantSimilar(q.id);
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
    if (q.answer_note) { more.appendChild(el('p', 'qcard__note', q.answer_note)); }
    if (more.firstChild) { art.appendChild(more); }
    if (q.merged_from && q.merged_from.length) { art.appendChild(mergedFrom(q)); }

    var bar = el('div', 'qcard__actions');
    (ACTIONS[q.status] || []).filter(allowed).forEach(function (spec) {
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
    var isNext = q.id === nextId;
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

  /* ---------- the assistant: flagged words, likely duplicates, clusters ---------- */

  var A = T.assistant || {};
  var FLAG_LABELS = A.flags || {};
  var MARKABLE = { profanity: true, personal_data: true };

  /* `text` into `node` as text nodes, the flagged spans (code-point offsets, as the server
     counts) in <mark> elements: never HTML made of the question's words. */
  function markedText(node, text, spans) {
    clear(node);
    var chars = Array.from ? Array.from(text) : text.split('');
    var at = 0;
    (spans || []).slice().sort(function (a, b) { return a.start - b.start || a.end - b.end; })
      .forEach(function (span) {
        if (!MARKABLE[span.kind] || span.start < at || span.end > chars.length || span.end <= span.start) { return; }
        if (span.start > at) { node.appendChild(document.createTextNode(chars.slice(at, span.start).join(''))); }
        var mark = el('mark', 'flagged flagged--' + span.kind, chars.slice(span.start, span.end).join(''));
        mark.title = FLAG_LABELS[span.kind] || '';
        node.appendChild(mark);
        at = span.end;
      });
    if (at < chars.length) { node.appendChild(document.createTextNode(chars.slice(at).join(''))); }
  }

  /* What /similar said of each new question ({likely: [ids], topic}), asked once per question:
     the cards drawn ask, at most SIMILAR_AT_ONCE requests are out at a time, the rest wait. */
  var SIMILAR_AT_ONCE = 2;
  var similarOf = {};
  var similarAsked = {};
  var similarWaiting = [];
  var similarOut = 0;
  var similarThen = {};

  function wantSimilar(id, then) {
    if (then) {
      if (similarOf[id]) { then(similarOf[id]); return; }
      (similarThen[id] = similarThen[id] || []).push(then);
    }
    if (similarAsked[id]) {
      if (then && similarWaiting.indexOf(id) > 0) {  // the moderator waits for it: ask it next
        similarWaiting.splice(similarWaiting.indexOf(id), 1);
        similarWaiting.unshift(id);
      }
      return;
    }
    similarAsked[id] = true;
    if (then) { similarWaiting.unshift(id); } else { similarWaiting.push(id); }
    window.setTimeout(pumpSimilar, 0);
  }

  function pumpSimilar() {
    while (similarOut < SIMILAR_AT_ONCE && similarWaiting.length) {
      askSimilar(similarWaiting.shift());
    }
  }

  function askSimilar(id) {
    if (!byId[id] || (byId[id].status !== 'new' && !similarThen[id])) {
      delete similarAsked[id];  // gone or screened meanwhile: no one needs it now
      return;
    }
    similarOut++;
    getJSON('/questions/' + id + '/similar').then(function (data) {
      similarOut--;
      if (data && data.similar) {
        similarOf[id] = {
          likely: data.similar.filter(function (s) { return s.likely; }).map(function (s) { return s.id; }),
          topic: data.topic === undefined ? null : data.topic
        };
        showSimilar(id);
        // a question asked earlier learns of this later one without asking again
        similarOf[id].likely.forEach(function (other) {
          var theirs = similarOf[other];
          if (theirs && theirs.likely.indexOf(id) < 0) { theirs.likely.push(id); showSimilar(other); }
        });
      } else {
        delete similarAsked[id];  // offline or refused: asked again when the card is drawn again
      }
      var waiting = similarThen[id] || [];
      delete similarThen[id];
      waiting.forEach(function (then) { then(similarOf[id] || { likely: [], topic: null }); });
      pumpSimilar();
    });
  }

  /* The likely duplicates of `id` that may still be merged into, best first. */
  function likelyOf(id) {
    var found = similarOf[id];
    if (!found) { return []; }
    return found.likely.filter(function (other) {
      return byId[other] && byId[other].status !== 'merged' && byId[other].status !== 'rejected';
    });
  }

  /* "may duplicate #12, #40": each number selects that question. */
  function similarHint(q) {
    var ids = likelyOf(q.id);
    if (!ids.length) { return null; }
    var box = el('p', 'qcard__similar');
    box.appendChild(el('span', 'qcard__similar-label', A.maybeSame));
    ids.slice(0, 4).forEach(function (id, i) {
      if (i) { box.appendChild(document.createTextNode(', ')); }
      var b = el('button', 'qcard__similar-id', '#' + id);
      b.type = 'button';
      b.setAttribute('data-action', 'goto');
      b.setAttribute('data-id', q.id);
      b.setAttribute('data-target', id);
      b.title = t(A.gotoTitle, { id: id });
      box.appendChild(b);
    });
    if (canModerate) {
      var key = el('span', 'qcard__similar-key');
      key.appendChild(el('kbd', null, 'M'));
      key.appendChild(document.createTextNode(' ' + A.mergeKey));
      box.appendChild(key);
    }
    return box;
  }

  /* The answer came: put the hint on the card as it is, without drawing the queue again. */
  function showSimilar(id) {
    var node = document.querySelector('#queue .qcard[data-id="' + id + '"]');
    var q = byId[id];
    if (!node || !q || q.status !== 'new') { return; }
    var old = node.querySelector('.qcard__similar');
    var hintNode = similarHint(q);
    if (old) { node.removeChild(old); }
    if (hintNode) { node.insertBefore(hintNode, node.querySelector('.qcard__text').nextSibling); }
    if (groupsOn) { renderGroups(); }
  }

  /* Select a question named in a hint: open its folded group, say so if a filter hides it. */
  function goTo(id) {
    var node = document.querySelector('#queue .qcard[data-id="' + id + '"]');
    if (node) {
      var folded = node.closest('details');
      if (folded && !folded.open) { folded.open = true; }
    }
    if (!node || node.offsetParent === null) {
      if (groupsOn) { setGroups(false); return goTo(id); }
      hint(t(A.hiddenByFilter, { id: id }));
      return;
    }
    select(id);
  }

  /* ----- the "Groups" view: clusters of likely duplicates among the waiting and approved ----- */

  var groupsToggle = $('groups-toggle');
  var groupsView = $('groups');
  var groupsOn = false;
  var groupsData = [];
  var groupsOut = false;
  var groupsAgain = false;

  function setGroups(on) {
    groupsOn = on;
    groupsToggle.setAttribute('aria-pressed', on ? 'true' : 'false');
    groupsView.hidden = !on;
    $('queue-cols').hidden = on;
    if (on) { loadGroups(); }
  }

  /* One request at a time; a push meanwhile asks once more when it is back. */
  function loadGroups() {
    if (!groupsOn) { return; }
    if (groupsOut) { groupsAgain = true; return; }
    groupsOut = true;
    getJSON('/questions/groups').then(function (data) {
      groupsOut = false;
      if (data && data.groups) { groupsData = data.groups; }
      renderGroups(!data);
      if (groupsAgain) { groupsAgain = false; loadGroups(); }
    });
  }

  /* The question a cluster is merged into: an approved one if there is one (an approved
     question is not merged away), the most backed, then the oldest. */
  function clusterTarget(members) {
    var approved = members.filter(function (q) { return q.status !== 'new'; });
    return (approved.length ? approved : members).slice().sort(function (a, b) {
      return (b.upvotes || 0) - (a.upvotes || 0) || a.id - b.id;
    })[0];
  }

  function renderGroups(failed) {
    var list = $('groups-list');
    clear(list);
    var shown = 0;
    groupsData.forEach(function (group) {
      var members = group.ids.map(function (id) { return byId[id]; }).filter(function (q) {
        return q && (q.status === 'new' || q.status === 'queued');
      });
      if (members.length < 2) { return; }
      shown++;
      var into = clusterTarget(members);
      var mergeable = members.filter(function (q) { return q.status === 'new' && q.id !== into.id; });
      var box = el('section', 'cluster');
      box.setAttribute('data-into', into.id);
      var head = el('div', 'cluster__head');
      var title = el('h3', 'cluster__label', group.label || A.noLabel);
      head.appendChild(title);
      head.appendChild(el('span', 'count', plural(A.clusterCount, members.length)));
      if (canModerate && mergeable.length) {
        var merge = el('button', 'button button--primary button--small cluster__merge',
          plural(A.mergeCluster, mergeable.length, { id: into.id }));
        merge.type = 'button';
        merge.setAttribute('data-merge-into', into.id);
        merge.setAttribute('data-merge-ids', mergeable.map(function (q) { return q.id; }).join(','));
        head.appendChild(merge);
      }
      box.appendChild(head);
      var rows = el('ul', 'cluster__list');
      members.forEach(function (q) {
        var row = el('li', 'cluster__item' + (q.id === into.id ? ' cluster__item--into' : ''));
        var meta = el('p', 'qcard__meta');
        var goto = el('button', 'qcard__similar-id', '#' + q.id);
        goto.type = 'button';
        goto.setAttribute('data-goto', q.id);
        goto.title = t(A.gotoTitle, { id: q.id });
        meta.appendChild(goto);
        meta.appendChild(el('span', null, labels.status[q.status] || q.status));
        if (q.upvotes) { meta.appendChild(el('span', 'qcard__votes', upvoteText(q.upvotes))); }
        if (q.id === into.id && mergeable.length) { meta.appendChild(el('span', 'qcard__tag', A.keeps)); }
        (q.flags || []).forEach(function (kind) {
          if (FLAG_LABELS[kind]) { meta.appendChild(el('span', 'qcard__tag qcard__flag qcard__flag--' + kind, FLAG_LABELS[kind])); }
        });
        row.appendChild(meta);
        var text = el('p', 'qcard__text');
        markedText(text, q.text, q.flag_spans);
        row.appendChild(text);
        rows.appendChild(row);
      });
      box.appendChild(rows);
      list.appendChild(box);
    });
    $('groups-empty').hidden = shown > 0;
    Live.setText($('groups-empty'), failed ? T.offline : A.noClusters);
  }

  function mergeCluster(button) {
    var into = Number(button.getAttribute('data-merge-into'));
    var ids = button.getAttribute('data-merge-ids').split(',').map(Number);
    button.disabled = true;
    post('/questions/' + into + '/merge-many', { ids: ids }).then(function (result) {
      button.disabled = false;
      if (result.ok) {
        showBanner(plural(A.merged, ids.length, { id: into }), { ok: true });
        loadGroups();
      }
    });
  }

  groupsToggle.addEventListener('click', function () { setGroups(!groupsOn); });
  groupsView.addEventListener('click', function (event) {
    var target = event.target.closest ? event.target.closest('button') : null;
    if (!target) { return; }
    if (target.getAttribute('data-merge-into')) { mergeCluster(target); }
    if (target.getAttribute('data-goto')) {
      setGroups(false);
      goTo(Number(target.getAttribute('data-goto')));
    }
  });

  function renderQueue() {
    var words = fold(searchEl.value).split(/\s+/).filter(Boolean);
    var filtered = filtering();
    var groups = {};
    var shownCount = 0;
    GROUPS.forEach(function (g) { groups[g] = []; });
    questions.forEach(function (q) {
      if (groups[q.status] && passes(q) && matches(q, words)) { groups[q.status].push(q); shownCount++; }
    });
    if (sortUpvotes.checked) {
      GROUPS.forEach(function (g) { groups[g].sort(byUpvotes); });
    } else {
      // The oldest new question first (it has waited longest); answered ones newest first;
      // the queued ones as this console arranged them.
      groups.answered.reverse();
      groups.queued.sort(byOrder());
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
      ? plural(T.found, questions.length, { shown: shownCount })
      : plural(T.total, questions.length);
    filterClear.hidden = !(filtered || words.length || sortUpvotes.checked);
    var fresh = questions.filter(function (q) { return q.status === 'new'; }).length;
    document.title = (fresh ? t(T.titleNew, { n: fresh }) : '') + baseTitle;
    renderPreviewActions();
    renderUpnext();
    renderPicked();
  }

  function onQueue(payload) {
    if (!payload || !payload.questions) { return; }
    var now = Date.now();
    var arrived = [];
    questions = payload.questions;
    if (payload.order) { order = payload.order; }
    if (payload.next !== undefined) { nextId = payload.next; }
    byId = {};
    questions.forEach(function (q) {
      byId[q.id] = q;
      if (!(q.id in seenAt)) {
        seenAt[q.id] = firstQueue ? 0 : now;
        if (!firstQueue && q.status === 'new') { arrived.push(q.id); }
      }
    });
    firstQueue = false;
    if (nextId !== null && !(byId[nextId] && byId[nextId].status === 'queued')) { nextId = null; }
    renderQueue();
    if (groupsOn) { loadGroups(); }
    checkDialog();
    if (arrived.length) { newQuestions(arrived); }
  }

  /* ---------- the running order of the queued column, and the next question ---------- */

  function byOrder() {
    var index = {};
    order.forEach(function (id, i) { index[id] = i; });
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
    var full = questions.filter(function (x) { return x.status === 'queued'; }).sort(byOrder())
      .map(function (x) { return x.id; });
    var i = full.indexOf(q.id);
    var j = full.indexOf(other);
    full[i] = other;
    full[j] = q.id;
    // Shown at once; the server's answer (and its push to every console) has the last word.
    order = full;
    renderQueue();
    select(q.id);
    announce(t(T.orderMoved, { id: q.id, n: at + step + 1 }));
    post('/queue/order', { order: full }).then(running);
  }

  /* The running order and next question as the server answered them (the push says the same). */
  function running(result) {
    if (!result.ok || !result.data.order) { return; }
    order = result.data.order;
    nextId = result.data.next === undefined ? null : result.data.next;
    renderQueue();
  }

  function setNext(id) {
    nextId = id;
    renderQueue();
    return post('/queue/next', { question_id: id }).then(running);
  }

  function pickNext(q) {
    if (!q || q.status !== 'queued') { hint(T.nextWhich); return; }
    if (!canModerate) { hint(T.mayNotArrange); return; }
    setNext(nextId === q.id ? null : q.id);
    announce(nextId === q.id ? t(T.nextSet, { id: q.id }) : T.nextUnset);
  }

  function showNext() {
    var q = nextId !== null ? byId[nextId] : null;
    if (!q) { hint(T.nextNone); return; }
    if (!canModerate) { hint(T.mayNotShow); return; }
    if (busy[q.id]) { return; }
    act(q, 'show', {}).then(function (ok) {
      if (ok) {
        if (nextId === q.id) { nextId = null; }  // the server took it out of the slot too
        select(q.id);
      }
    });
  }

  function renderUpnext() {
    var q = nextId !== null ? byId[nextId] : null;
    $('upnext-empty').hidden = !!q;
    $('upnext-body').hidden = !q;
    if (!q) { return; }
    Live.setText($('upnext-text'), '#' + q.id + ' · ' + q.text);
    var parts = [];
    var asker = Live.askerLine(q.asker);
    parts.push(asker ? t(T.askerIs, { name: asker }) : T.noName);
    if (q.assignee) { parts.push(t(T.answererIs, { name: assigneeLabel(q.assignee) })); }
    Live.setText($('upnext-meta'), parts.join(' · '));
  }
  if ($('upnext-show')) { $('upnext-show').addEventListener('click', showNext); }
  if ($('upnext-clear')) { $('upnext-clear').addEventListener('click', function () { setNext(null); }); }

  /* ---------- the selection the keys act on ---------- */

  var selectionLive = $('selection-live');

  function announce(message) {
    // Emptied first, so the same words twice are read twice.
    selectionLive.textContent = '';
    window.setTimeout(function () { selectionLive.textContent = message; }, 50);
  }

  function selectedQuestion() { return selectedId === null ? null : byId[selectedId] || null; }

  function select(id, options) {
    selectedId = id === null || id === undefined ? null : Number(id);
    var cards = document.querySelectorAll('#queue .qcard');
    for (var i = 0; i < cards.length; i++) {
      var on = Number(cards[i].getAttribute('data-id')) === selectedId;
      cards[i].classList.toggle('is-selected', on);
      if (on) { cards[i].setAttribute('aria-current', 'true'); } else { cards[i].removeAttribute('aria-current'); }
    }
    var node = selectedId === null ? null : document.querySelector('#queue .qcard[data-id="' + selectedId + '"]');
    if (node && !(options && options.quiet)) {
      if (node.scrollIntoView) { node.scrollIntoView({ block: 'nearest' }); }
      var q = byId[selectedId];
      if (q) {
        announce(t(T.selected, { id: q.id, status: labels.status[q.status] || q.status, text: shorten(q.text, 120) }));
      }
    }
  }

  /* The cards as the moderator sees them, top to bottom (folded groups left out). */
  function visibleCards() {
    return Array.prototype.filter.call(document.querySelectorAll('#queue .qcard'), function (node) {
      return node.offsetParent !== null;
    });
  }

  function moveSelection(step) {
    var cards = visibleCards();
    if (!cards.length) { hint(T.nothingToSelect); return; }
    var at = -1;
    for (var i = 0; i < cards.length; i++) {
      if (Number(cards[i].getAttribute('data-id')) === selectedId) { at = i; }
    }
    var to = at < 0 ? (step > 0 ? 0 : cards.length - 1) : Math.max(0, Math.min(cards.length - 1, at + step));
    select(cards[to].getAttribute('data-id'));
  }

  /* After approving or rejecting a new question by key, go on to the next new one. */
  function advanceFrom(id) {
    var cards = $('list-new').querySelectorAll('.qcard');
    for (var i = 0; i < cards.length; i++) {
      if (Number(cards[i].getAttribute('data-id')) === id) {
        var other = cards[i + 1] || cards[i - 1];
        if (other) { select(other.getAttribute('data-id')); }
        return;
      }
    }
  }

  function keyAction(action) {
    var q = selectedQuestion();
    if (!q) { hint(T.noneSelected); return; }
    var specs = (ACTIONS[q.status] || []).filter(function (spec) { return spec[0] === action; });
    if (!specs.length) {
      hint(t(CANNOT[action], { id: q.id, status: labels.status[q.status] || q.status }));
      return;
    }
    if (!allowed(specs[0])) {
      hint(action === 'topics' && !topics.length ? T.noTopics
        : t(T.mayNot, { action: ACTION_NAMES[action] }));
      return;
    }
    if (busy[q.id]) { return; }
    if (DIALOGS[action]) { openDialog(q, action); return; }
    if (q.status === 'new') { advanceFrom(q.id); }
    act(q, action, {});
  }

  /* ---------- several questions at once: pick (click, Shift+click, X), then one step ---------- */

  var bulkBar = $('bulk');

  function pickedIds() {
    return visibleCards().map(function (node) { return Number(node.getAttribute('data-id')); })
      .filter(function (id) { return picked[id]; });
  }

  /* The steps every picked question allows (approve only when all are new). */
  function bulkActions(ids) {
    var common = null;
    ids.forEach(function (id) {
      var q = byId[id];
      var mine = q ? BULK[q.status] || [] : [];
      common = common === null ? mine.slice() : common.filter(function (a) { return mine.indexOf(a) >= 0; });
    });
    return common || [];
  }

  function renderPicked() {
    Object.keys(picked).forEach(function (id) {
      var q = byId[id];
      if (!q || !BULK[q.status]) { delete picked[id]; }
    });
    var cards = document.querySelectorAll('#queue .qcard');
    for (var i = 0; i < cards.length; i++) {
      var on = !!picked[cards[i].getAttribute('data-id')];
      cards[i].classList.toggle('is-picked', on);
      var box = cards[i].querySelector('.qcard__pick');
      if (box) { box.checked = on; }
    }
    var ids = pickedIds();
    bulkBar.hidden = !ids.length;
    if (!ids.length) { return; }
    Live.setText($('bulk-count'), plural(T.pickedCount, ids.length, { n: ids.length }));
    var possible = bulkActions(ids);
    ['approve', 'reject'].forEach(function (action) {
      var button = $('bulk-' + action);
      button.hidden = possible.indexOf(action) < 0;
      Live.setText(button, plural(T.bulk[action], ids.length, { n: ids.length }));
    });
  }

  /* Pick or unpick one card; with `range`, every visible card from the last one picked. */
  function pick(id, options) {
    options = options || {};
    id = Number(id);
    var q = byId[id];
    if (!q || !BULK[q.status]) { hint(T.pickWhich); return; }
    if (options.range && pickAnchor !== null) {
      var ids = visibleCards().map(function (node) { return Number(node.getAttribute('data-id')); });
      var from = ids.indexOf(pickAnchor);
      var to = ids.indexOf(id);
      if (from >= 0 && to >= 0) {
        ids.slice(Math.min(from, to), Math.max(from, to) + 1).forEach(function (other) {
          if (byId[other] && BULK[byId[other].status]) { picked[other] = true; }
        });
      }
    } else if (options.on === undefined ? !picked[id] : options.on) {
      picked[id] = true;
    } else {
      delete picked[id];
    }
    pickAnchor = id;
    renderPicked();
  }

  function unpickAll() {
    picked = {};
    pickAnchor = null;
    renderPicked();
  }

  function runBulk(action) {
    var ids = pickedIds();
    if (!ids.length) { return; }
    if (bulkActions(ids).indexOf(action) < 0) {
      hint(action === 'approve' ? T.bulkApproveWhich : T.pickWhich);
      return;
    }
    ids.forEach(function (id) { busy[id] = true; });
    renderQueue();
    post('/questions/bulk', { action: action, ids: ids }).then(function (result) {
      ids.forEach(function (id) { delete busy[id]; });
      if (result.ok) {
        unpickAll();
        showBanner(plural(T.bulkDone[action], ids.length, { n: ids.length }), { ok: true });
      }
      renderQueue();
    });
  }

  if (bulkBar) {
    $('bulk-approve').addEventListener('click', function () { runBulk('approve'); });
    $('bulk-reject').addEventListener('click', function () { runBulk('reject'); });
    $('bulk-clear').addEventListener('click', unpickAll);
  }

  /* ---------- a new question: a flash, a badge, and a short beep if the sound is on ---------- */

  var soundToggle = $('sound-toggle');
  var newAlert = $('new-alert');
  var newAlertLive = $('new-alert-live');
  var alertIds = [];
  var alertTimer = null;
  var audio = null;
  var lastBeep = 0;

  function audioContext() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) { return null; }
    if (!audio) {
      try { audio = new Context(); } catch (e) { return null; }
    }
    if (audio.state === 'suspended' && audio.resume) {
      var resumed = audio.resume();
      if (resumed && resumed.catch) { resumed.catch(function () {}); }
    }
    return audio;
  }

  /* Two short notes, made here: no sound file to load. */
  function beep() {
    if (!audio || audio.state !== 'running' || Date.now() - lastBeep < 1500) { return; }
    lastBeep = Date.now();
    var start = audio.currentTime + 0.01;
    [[880, 0], [1320, 0.16]].forEach(function (note) {
      var osc = audio.createOscillator();
      var gain = audio.createGain();
      var at = start + note[1];
      osc.type = 'sine';
      osc.frequency.value = note[0];
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.25, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.14);
      osc.connect(gain);
      gain.connect(audio.destination);
      osc.start(at);
      osc.stop(at + 0.15);
    });
  }

  /* A browser starts sound only after a click or a key: wake it at the first one. */
  function wakeAudio() {
    document.removeEventListener('keydown', wakeAudio, true);
    document.removeEventListener('pointerdown', wakeAudio, true);
    if (soundToggle.checked) { audioContext(); }
  }

  soundToggle.checked = settings.get('sound', false) === true;
  if (soundToggle.checked) {
    document.addEventListener('keydown', wakeAudio, true);
    document.addEventListener('pointerdown', wakeAudio, true);
  }
  soundToggle.addEventListener('change', function () {
    settings.set('sound', soundToggle.checked);
    if (soundToggle.checked && audioContext()) {
      lastBeep = 0;
      window.setTimeout(beep, 30);  // so the moderator hears what it will sound like
    }
  });

  function newQuestions(ids) {
    alertIds = alertIds.concat(ids);
    var n = alertIds.length;
    newAlert.textContent = plural(T.newCount, n);
    newAlert.setAttribute('aria-label', t(T.newLabel, { text: newAlert.textContent }));
    newAlert.hidden = false;
    newAlert.className = 'new-alert';
    void newAlert.offsetWidth;  // restart the flash
    newAlert.className = 'new-alert is-flashing';
    newAlertLive.textContent = plural(T.newLive, n);
    if (soundToggle.checked) { beep(); }
    window.clearTimeout(alertTimer);
    alertTimer = window.setTimeout(clearNewAlert, 30000);
  }

  function clearNewAlert() {
    window.clearTimeout(alertTimer);
    alertIds = [];
    newAlert.hidden = true;
    newAlertLive.textContent = '';
  }

  newAlert.addEventListener('click', function () {
    var first = alertIds.filter(function (id) { return byId[id] && byId[id].status === 'new'; })[0];
    clearNewAlert();
    if (first !== undefined) { select(first); }
  });

  /* ---------- the agenda and the screen preview ---------- */

  function minutesBetween(a, b) {
    return Math.round((Date.parse(b) - Date.parse(a)) / 60000);
  }

  function renderAgenda() {
    var list = $('agenda-list');
    var fragment = document.createDocumentFragment();
    var current = Live.currentItem(state);
    state.agenda.forEach(function (item) {
      var li = el('li', 'agenda-item agenda-item--' + item.status);
      li.appendChild(el('span', 'agenda-item__no', String(item.position)));
      var body = el('div', 'agenda-item__body');
      var title = el('p', 'agenda-item__title', item.title);
      title.title = item.title;
      body.appendChild(title);
      var time = '';
      var planned = item.planned_minutes ? t(T.planned, { n: item.planned_minutes }) : '';
      if (item.started_at && item.ended_at) {
        time = Live.clock(item.started_at) + ' – ' + Live.clock(item.ended_at) + ' · ' +
          t(T.minutes, { n: minutesBetween(item.started_at, item.ended_at) }) + (planned ? ' (' + planned + ')' : '');
      } else if (item.started_at) {
        time = t(T.startedAt, { time: Live.clock(item.started_at) }) + (planned ? ' · ' + planned : '');
      } else if (planned) {
        time = planned.charAt(0).toUpperCase() + planned.slice(1);
      }
      body.appendChild(el('p', 'agenda-item__time', time));
      if (item.status === 'current' && item.planned_minutes) {
        var clock = el('p', 'agenda-item__clock clock-face');
        clock.id = 'agenda-countdown';
        body.appendChild(clock);
      }
      li.appendChild(body);
      if (item.status !== 'current' && canRunAgenda) {
        var b = el('button', 'button button--quiet', item.status === 'done' ? T.reopen : T.start);
        b.type = 'button';
        b.setAttribute('data-agenda-start', item.position);
        b.setAttribute('aria-label', t(item.status === 'done' ? T.reopenItem : T.startItem, { n: item.position }));
        li.appendChild(b);
      }
      fragment.appendChild(li);
    });
    clear(list);
    list.appendChild(fragment);

    var next = $('agenda-next');
    if (!next) { return; }
    var pending = state.agenda.filter(function (i) { return i.status === 'pending'; });
    var last = state.agenda.length ? state.agenda[state.agenda.length - 1] : null;
    next.disabled = false;
    if (current) {
      next.textContent = current === last ? t(T.endItem, { n: current.position })
        : t(T.goToItem, { n: current.position + 1 });
    } else if (pending.length) {
      next.textContent = t(T.startItem, { n: pending[0].position });
    } else {
      next.textContent = T.agendaDone;
      next.disabled = true;
    }
  }

  function renderPreview() {
    var item = Live.currentItem(state);
    Live.setText($('preview-agenda'), item ? t(T.item, { n: item.position, title: item.title })
      : (state.forum.status === 'closed' ? T.forumEnded : T.noItemYet));
    var shown = state.on_screen;
    $('preview-question').hidden = !shown;
    $('preview-waiting').hidden = !!shown;
    if (shown) {
      Live.setText($('preview-text'), '#' + shown.id + ' · ' + shown.text);
      var asker = Live.askerLine(shown.asker);
      Live.setText($('preview-asker'), asker ? t(T.askerIs, { name: asker }) : T.noAsker);
      var answerer = Live.assigneeLine(shown.assignee);
      Live.setText($('preview-answerer'), answerer ? t(T.answererFull, { name: answerer }) : T.noAnswerer);
      $('preview-explain').hidden = !shown.explanation;
    }
    renderPreviewActions();
  }

  function renderPreviewActions() {
    var bar = $('preview-actions');
    clear(bar);
    var shown = state && state.on_screen ? byId[state.on_screen.id] : null;
    if (!shown || shown.status !== 'on_screen') { return; }
    ACTIONS.on_screen.slice(0, 3).filter(allowed).forEach(function (spec) {
      var b = actionButton(spec, shown.id);
      b.className += ' button--small';
      bar.appendChild(b);
    });
  }

  /* ---------- countdowns: the current item's planned time, the speaker's timer ---------- */

  var timerClock = $('timer-clock');
  var timerClockTime = $('timer-clock-time');
  var timerStop = $('timer-stop');

  function tick() {
    if (!state) { return; }
    var now = Date.now() + offset;
    var speaker = Live.speakerCountdown(state, now);
    timerClock.hidden = !speaker;
    if (speaker) {
      Live.setText(timerClockTime, speaker.text);
      timerClock.className = 'timer__clock clock-face is-' + speaker.state;
    }
    if (timerStop) { timerStop.disabled = !(state.timers && state.timers.speaker); }
    var node = $('agenda-countdown');
    var item = Live.itemCountdown(state, now);
    if (node) {
      node.hidden = !item;
      if (item) {
        Live.setText(node, t(item.state === 'over' ? T.overtime : T.timeLeft, { time: item.text.replace('+', '') }));
        node.className = 'agenda-item__clock clock-face is-' + item.state;
      }
    }
  }
  window.setInterval(tick, 500);

  $('timer').addEventListener('click', function (event) {
    var button = event.target;
    while (button && button !== this && !button.hasAttribute('data-timer')) { button = button.parentNode; }
    if (!button || button === this || button.disabled) { return; }
    var seconds = Number(button.getAttribute('data-timer'));
    button.disabled = true;
    post('/timers/speaker', { seconds: seconds }).then(function (result) {
      button.disabled = false;
      if (result.ok) {
        showBanner(seconds ? t(T.timerStarted, { n: seconds / 60 }) : T.timerStopped, { ok: true });
      }
      tick();
    });
  });

  function onState(snapshot) {
    state = snapshot;
    renderAgenda();
    renderPreview();
    tick();
    if (phaseSelect && document.activeElement !== phaseSelect) { phaseSelect.value = snapshot.forum.status; }
  }

  /* ---------- the forum's phase ---------- */

  var phaseSelect = $('phase-select');
  if (phaseSelect) { $('phase-form').addEventListener('submit', onPhase); }
  function onPhase(event) {
    event.preventDefault();
    var label = phaseSelect.options[phaseSelect.selectedIndex].text;
    if (phaseSelect.value === 'closed' &&
        !window.confirm(T.confirmClose)) {
      return;
    }
    post('/phase', { phase: phaseSelect.value }).then(function (result) {
      if (result.ok) { showBanner(t(T.phaseChanged, { phase: label }), { ok: true }); }
      else if (state) { phaseSelect.value = state.forum.status; }
    });
  }

  /* ---------- the dialog ---------- */

  var modal = $('modal');
  var modalForm = $('modal-form');
  var dialog = null;
  var fieldsByAction = {
    answer: ['note'], defer: ['assignee_id', 'due', 'referred_to'], edit: ['text'], merge: ['into'],
    assign: ['assignee_id', 'prep_due'], topics: ['topic_ids']
  };
  var titles = T.dialogTitles || {};
  var submits = T.dialogSubmits || {};

  var modalReturn = null;

  function openDialog(q, action) {
    if (modal.hidden) { modalReturn = document.activeElement; }
    dialog = { q: q, action: action, version: q.version };
    var written = action === 'answer' && q.status === 'deferred';
    Live.setText($('modal-title'), '#' + q.id + ' · ' + (written ? titles.written : titles[action]));
    Live.setText($('modal-question'), q.text);
    Live.setText($('modal-note-label'), written ? T.noteWritten : T.noteSpoken);
    $('modal-stale').hidden = true;
    $('modal-error').hidden = true;
    Live.setText($('modal-submit'), submits[action]);
    var shown = fieldsByAction[action];
    var fields = modalForm.querySelectorAll('[data-field]');
    for (var i = 0; i < fields.length; i++) {
      fields[i].hidden = shown.indexOf(fields[i].getAttribute('data-field')) < 0;
    }
    $('modal-note').value = q.answer_note || '';
    $('modal-text').value = q.text;
    $('modal-assignee').value = q.assignee ? String(q.assignee.id) : '';
    $('modal-due').value = q.due || todayPlus(15);
    $('modal-referred').value = q.referred_to || '';
    $('modal-prep-due').value = q.prepare_by || '';
    if (action === 'merge') { fillMergeTargets(q); }
    if (action === 'topics') { fillTopics(q); }
    modal.hidden = false;
    var first = modalForm.querySelector('[data-field]:not([hidden]) textarea, [data-field]:not([hidden]) select, [data-field]:not([hidden]) input');
    if (first) { first.focus(); }
    if (action === 'merge' || (action === 'topics' && !(q.topics || []).length && topics.length)) {
      var opened = dialog;
      wantSimilar(q.id, function () {
        if (dialog !== opened) { return; }  // closed, or another dialog since
        if (action === 'merge') { suggestInto(q); } else { suggestTopic(q); }
      });
    }
  }

  /* The likeliest duplicate chosen as the target (unless the moderator chose one already),
     the submit button focused: Enter merges. */
  function suggestInto(q) {
    var select = $('modal-into');
    var likely = likelyOf(q.id).filter(function (id) { return select.querySelector('option[value="' + id + '"]'); });
    var note = $('modal-into-hint');
    if (!likely.length || select.value) { note.hidden = true; return; }
    likely.slice().reverse().forEach(function (id) {  // the likely ones first, best on top
      var option = select.querySelector('option[value="' + id + '"]');
      Live.setText(option, option.textContent.replace(/^(#\d+)/, '$1 · ' + A.likelyOption));
      select.insertBefore(option, select.options[1] || null);
    });
    select.value = String(likely[0]);
    Live.setText(note, t(A.intoChosen, { id: likely[0] }));
    note.hidden = false;
    $('modal-submit').focus();
  }

  /* The suggested topic ticked on a question that has none: the moderator confirms (Save). */
  function suggestTopic(q) {
    var found = similarOf[q.id];
    var note = $('modal-topics-hint');
    var box = found && found.topic !== null ? $('modal-topics').querySelector('input[value="' + found.topic + '"]') : null;
    var ticked = $('modal-topics').querySelector('input:checked');
    if (!box || ticked) { note.hidden = true; return; }
    box.checked = true;
    box.parentNode.className += ' topic-pick--suggested';
    var topic = topics.filter(function (x) { return x.id === found.topic; })[0];
    Live.setText(note, t(A.topicChosen, { name: topic ? topic.name : '' }));
    note.hidden = false;
    $('modal-submit').focus();
  }

  function fillMergeTargets(q) {
    var select = $('modal-into');
    clear(select);
    select.appendChild(el('option', null, '— ' + T.chooseQuestion + ' —')).value = '';
    questions.forEach(function (other) {
      if (other.id === q.id || other.status === 'merged' || other.status === 'rejected') { return; }
      var option = el('option', null, '#' + other.id + ' · ' + (labels.status[other.status] || other.status) +
        ' · ' + shorten(other.text, 90));
      option.value = String(other.id);
      select.appendChild(option);
    });
    $('modal-into-hint').hidden = true;
  }

  /* One checkbox per topic of the forum, ticked for the question's own. */
  function fillTopics(q) {
    var list = $('modal-topics');
    var mine = {};
    (q.topics || []).forEach(function (topic) { mine[topic.id] = true; });
    clear(list);
    topics.forEach(function (topic) {
      var label = el('label', 'topic-pick');
      var box = el('input');
      box.type = 'checkbox';
      box.name = 'topic_ids';
      box.value = String(topic.id);
      box.checked = !!mine[topic.id];
      label.appendChild(box);
      label.appendChild(document.createTextNode(' ' + topic.name));
      list.appendChild(label);
    });
    $('modal-topics-empty').hidden = topics.length > 0;
    $('modal-topics-hint').hidden = true;
  }

  function dialogError(message) {
    var box = $('modal-error');
    box.textContent = message;
    box.hidden = !message;
  }

  function closeDialog() {
    modal.hidden = true;
    dialog = null;
    restoreFocus(modalReturn);
    modalReturn = null;
  }

  /* Back to where the dialog was opened from, if that is still on the page. */
  function restoreFocus(node) {
    if (node && node.focus && node !== document.body && document.body.contains(node)) { node.focus(); }
  }

  /* Another moderator changed the question under an open dialog: say so (saving will be refused). */
  function checkDialog() {
    if (!dialog) { return; }
    var now = byId[dialog.q.id];
    if (!now || now.version !== dialog.version) { $('modal-stale').hidden = false; }
  }

  modalForm.addEventListener('submit', function (event) {
    event.preventDefault();
    if (!dialog) { return; }
    var action = dialog.action;
    var extra = {};
    if (action === 'answer') { extra.note = $('modal-note').value; }
    if (action === 'edit') {
      extra.text = $('modal-text').value;
      if (!extra.text.replace(/\s+/g, '')) { dialogError(T.emptyText); return; }
    }
    if (action === 'assign' || action === 'defer') {
      var value = $('modal-assignee').value;
      extra.assignee_id = value ? Number(value) : null;
    }
    if (action === 'assign') {
      var prepDue = $('modal-prep-due').value;
      if (prepDue && prepDue !== (dialog.q.prepare_by || '')) { extra.prepare_by = prepDue; }
    }
    if (action === 'topics') {
      var boxes = $('modal-topics').querySelectorAll('input[type="checkbox"]');
      extra.topic_ids = [];
      for (var b = 0; b < boxes.length; b++) {
        if (boxes[b].checked) { extra.topic_ids.push(Number(boxes[b].value)); }
      }
    }
    if (action === 'defer') {
      extra.due = $('modal-due').value || null;
      extra.referred_to = $('modal-referred').value.replace(/^\s+|\s+$/g, '');
      if (!extra.referred_to) {
        if (!extra.assignee_id) { dialogError(T.needAssignee); return; }
        if (!extra.due) { dialogError(T.needDue); return; }
      }
    }
    if (action === 'merge') {
      if (!$('modal-into').value) { dialogError(T.needInto); return; }
      extra.into = Number($('modal-into').value);
    }
    var q = { id: dialog.q.id, version: dialog.version };
    $('modal-submit').disabled = true;
    act(q, action, extra).then(function (ok) {
      $('modal-submit').disabled = false;
      if (ok) { closeDialog(); }
    });
  });
  $('modal-cancel').addEventListener('click', closeDialog);
  $('modal-refresh').addEventListener('click', function () {
    if (dialog && byId[dialog.q.id]) { openDialog(byId[dialog.q.id], dialog.action); }
  });
  document.addEventListener('keydown', function (event) {
    if ((event.key === 'Escape' || event.key === 'Esc') && !modal.hidden) { closeDialog(); }
  });

  /* ---------- the help overlay ---------- */

  var help = $('help');
  var helpReturn = null;

  function openHelp() {
    if (!help.hidden) { return; }
    helpReturn = document.activeElement;
    help.hidden = false;
    $('help-close').focus();
  }

  function closeHelp() {
    help.hidden = true;
    restoreFocus(helpReturn);
    helpReturn = null;
  }

  $('help-open').addEventListener('click', openHelp);
  $('help-close').addEventListener('click', closeHelp);
  help.addEventListener('click', function (event) { if (event.target === help) { closeHelp(); } });

  /* Tab stays inside an open dialog. */
  function trapTab(event) {
    var box = !help.hidden ? help : (!modal.hidden ? modal : null);
    if (!box) { return; }
    var nodes = Array.prototype.filter.call(
      box.querySelectorAll('button, [href], input, select, textarea, summary, [tabindex]:not([tabindex="-1"])'),
      function (node) { return !node.disabled && node.offsetParent !== null; });
    if (!nodes.length) { return; }
    var first = nodes[0];
    var last = nodes[nodes.length - 1];
    var inside = box.contains(document.activeElement);
    if (event.shiftKey && (!inside || document.activeElement === first)) {
      last.focus();
      event.preventDefault();
    } else if (!event.shiftKey && (!inside || document.activeElement === last)) {
      first.focus();
      event.preventDefault();
    }
  }

  /* ---------- keys ---------- */

  var TEXT_INPUTS = /^(text|search|date|number|password|email|tel|url|time|datetime-local|month|week)$/;
  /* On the Vietnamese keyboard layout [ and ] type accented letters (u and o with a horn): read
     the key's place then. */
  var CODES = { BracketLeft: '[', BracketRight: ']', Slash: '/' };
  var KNOWN = 'jkxarshdfemgtpn/?[]';

  function typing(node) {
    if (!node || !node.tagName) { return false; }
    var tag = node.tagName;
    if (tag === 'TEXTAREA' || tag === 'SELECT' || node.isContentEditable) { return true; }
    return tag === 'INPUT' && TEXT_INPUTS.test(node.type || 'text');
  }

  function keyOf(event) {
    var key = event.key || '';
    if (key.length === 1 && KNOWN.indexOf(key.toLowerCase()) >= 0) { return key.toLowerCase(); }
    if (CODES[event.code]) { return event.code === 'Slash' && event.shiftKey ? '?' : CODES[event.code]; }
    return key.length === 1 ? key.toLowerCase() : key;
  }

  document.addEventListener('keydown', function (event) {
    if (event.key === 'Tab') { trapTab(event); return; }
    if (event.defaultPrevented || event.isComposing) { return; }
    if (event.key === 'Escape' || event.key === 'Esc') {
      if (!help.hidden) { closeHelp(); } else if (event.target === searchEl) { searchEl.blur(); } else if (pickedIds().length) { unpickAll(); }
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) { return; }
    var key = keyOf(event);
    if (!help.hidden) {
      if (key === '?') { closeHelp(); event.preventDefault(); }
      return;
    }
    if (!modal.hidden) { return; }
    var q = selectedQuestion();
    switch (key) {
      case 'j': case 'ArrowDown':
        moveSelection(1);
        if (event.shiftKey && selectedId !== null) { pick(selectedId, { on: true }); }
        break;
      case 'k': case 'ArrowUp':
        moveSelection(-1);
        if (event.shiftKey && selectedId !== null) { pick(selectedId, { on: true }); }
        break;
      case 'x':
        if (!q) { hint(T.noneSelected); } else { pick(q.id); }
        break;
      case 'a': if (pickedIds().length) { runBulk('approve'); } else { keyAction('approve'); } break;
      case 'r': if (pickedIds().length) { runBulk('reject'); } else { keyAction('reject'); } break;
      case 's':
        if (event.shiftKey) { showNext(); } else { keyAction('show'); }
        break;
      case 'h': keyAction('hide'); break;
      case 'd': keyAction('answer'); break;
      case 'f': keyAction('defer'); break;
      case 'e': keyAction('edit'); break;
      case 'm': keyAction('merge'); break;
      case 'g': keyAction('assign'); break;
      case 't': keyAction('topics'); break;
      case 'p':
        if (!q) { hint(T.noneSelected); } else { pickNext(q); }
        break;
      case '[': moveQueued(q, -1); break;
      case ']': moveQueued(q, 1); break;
      case 'n':
        if (!$('agenda-next')) { hint(T.mayNotRunAgenda); }
        else if (!$('agenda-next').disabled) { $('agenda-next').click(); }
        break;
      case '/': searchEl.focus(); searchEl.select(); break;
      case '?': openHelp(); break;
      default: return;
    }
    event.preventDefault();
  });

  /* ---------- clicks ---------- */

  document.addEventListener('click', function (event) {
    var target = event.target;
    var clickedCard = target.closest ? target.closest('#queue .qcard') : null;
    if (clickedCard) {
      var cardId = clickedCard.getAttribute('data-id');
      var pickBox = target.getAttribute && target.getAttribute('data-pick');
      var control = target.closest('button, a, summary, input, select, textarea, label');
      if (pickBox) {
        pick(cardId, { range: event.shiftKey, on: target.checked });
      } else if (!control && (event.shiftKey || event.ctrlKey || event.metaKey)) {
        // Shift+click picks the run from the last picked card; Ctrl+click one more.
        if (event.shiftKey && window.getSelection) { window.getSelection().removeAllRanges(); }
        pick(cardId, { range: event.shiftKey });
      }
      select(cardId, { quiet: true });
    }
    while (target && target !== document && !(target.getAttribute && (target.getAttribute('data-action') || target.getAttribute('data-agenda-start')))) {
      target = target.parentNode;
    }
    if (!target || target === document) { return; }
    var position = target.getAttribute('data-agenda-start');
    if (position) {
      target.disabled = true;
      post('/agenda/' + position + '/start').then(function () { target.disabled = false; });
      return;
    }
    var q = byId[target.getAttribute('data-id')];
    var action = target.getAttribute('data-action');
    if (!q) { return; }
    if (action === 'next') { pickNext(q); return; }
    if (action === 'goto') { goTo(Number(target.getAttribute('data-target'))); return; }
    if (action === 'toggle') {
      if (openCards[q.id]) { delete openCards[q.id]; } else { openCards[q.id] = true; }
      renderQueue();
      var again = document.querySelector('#queue .qcard[data-id="' + q.id + '"] [data-action="toggle"]');
      if (again) { again.focus(); }
      return;
    }
    if (action === 'order:up' || action === 'order:down') {
      select(q.id, { quiet: true });
      moveQueued(q, action === 'order:up' ? -1 : 1);
      return;
    }
    if (action === 'reject:out_of_scope') { act(q, 'reject', { reason: 'out_of_scope' }); return; }
    if (DIALOGS[action]) { openDialog(q, action); } else { act(q, action, {}); }
  });

  if ($('agenda-next')) {
    $('agenda-next').addEventListener('click', function () {
      var button = this;
      button.disabled = true;
      post('/agenda/next').then(function (result) {
        button.disabled = false;
        var now = result.ok ? Live.currentItem(result.data) : null;
        if (result.ok) {
          showBanner(now ? t(T.nowOnItem, { n: now.position, title: now.title }) : T.agendaOver, { ok: true });
        }
      });
    });
  }

  searchEl.addEventListener('input', renderQueue);
  searchEl.addEventListener('keydown', function (event) {
    // Enter in the search: the first card found is selected, and the keys work on it.
    if (event.key !== 'Enter') { return; }
    event.preventDefault();
    var first = visibleCards()[0];
    if (first) {
      searchEl.blur();
      select(first.getAttribute('data-id'));
    }
  });
  [filterChannel, filterTopic, filterAssignee, sortUpvotes].forEach(function (node) {
    node.addEventListener('change', renderQueue);
  });
  filterClear.addEventListener('click', function () {
    searchEl.value = '';
    filterChannel.value = '';
    filterTopic.value = '';
    filterAssignee.value = '';
    sortUpvotes.checked = false;
    renderQueue();
  });

  /* ---------- the forum's topics (an admin may add some while the console is open) ---------- */

  function fillTopicFilter() {
    var chosen = filterTopic.value;
    while (filterTopic.options.length > 2) { filterTopic.removeChild(filterTopic.options[2]); }
    topics.forEach(function (topic) {
      var option = el('option', null, topic.name);
      option.value = String(topic.id);
      filterTopic.appendChild(option);
    });
    filterTopic.value = chosen;
    if (filterTopic.value !== chosen || !topics.length) { filterTopic.value = ''; }
    filterTopic.hidden = !topics.length;
  }

  function refreshTopics() {
    getJSON('/topics').then(function (list) {
      if (!list || !list.map) { return; }
      topics = list;
      fillTopicFilter();
      renderQueue();
    });
  }

  /* ---------- questions typed by staff: letters, calls, the floor ---------- */

  var intakeForm = $('intake-form');
  $('intake-received').value = todayPlus(0);
  intakeForm.addEventListener('submit', function (event) {
    event.preventDefault();
    var body = {
      channel: $('intake-channel').value,
      text: $('intake-text').value,
      name: $('intake-name').value,
      affiliation: $('intake-affiliation').value
    };
    if ($('intake-received').value) { body.received_on = $('intake-received').value; }
    var button = intakeForm.querySelector('button[type="submit"]');
    button.disabled = true;
    post('/questions', body).then(function (result) {
      button.disabled = false;
      if (result.ok) {
        $('intake-text').value = '';
        $('intake-name').value = '';
        $('intake-affiliation').value = '';
        showBanner(t(T.added, { id: result.data.id }), { ok: true });
        $('intake-text').focus();
      }
    });
  });

  /* ---------- connection ---------- */

  var conn = $('conn');
  Live.connect({
    forum: root.getAttribute('data-forum'),
    role: 'staff',
    seq: Number(root.getAttribute('data-seq')),
    onState: onState,
    onQueue: onQueue,
    onConnect: refreshTopics,
    onConnection: function (connected) {
      conn.textContent = connected ? T.connected : T.reconnecting;
      conn.className = 'conn-pill ' + (connected ? 'conn-pill--ok' : 'conn-pill--wait');
    },
    onRefused: function (data) {
      if (data && data.code === 401) {
        showBanner(T.expired, { link: root.getAttribute('data-login'), linkText: T.loginAgain });
      } else {
        showBanner((data && data.error) || T.refused);
      }
    }
  });

  onQueue({ questions: questions, order: order, next: nextId });
  onState(state);
}(window, document));
