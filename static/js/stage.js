/*
 * The stage view (templates/screens/stage.html): what the hall is on now, the question made ready
 * as next, and the approved questions in the running order. It only reads: it follows the
 * staff room's `state` and `queue` pushes and draws the same parts the server rendered, so the
 * page is right before the socket connects and after every change.
 *
 * Everyone's view lists the whole running order with who answers each (for the chairs); the
 * answerer filter keeps one leader's questions (or the unassigned ones), each still with its
 * place in the whole order. The filter is remembered on this device (localStorage, per forum)
 * and can be set by ?assignee=<id> ("none": not assigned yet; empty: everyone), so each
 * leader's tablet shows only theirs. Words come from the page's `strings` block. Plain ES5.
 */
(function (window, document) {
  'use strict';

  var root = document.getElementById('stage');
  var Live = window.ForumLive;
  if (!root || !Live) { return; }

  var T = Live.strings();
  var t = Live.t;
  var forum = root.getAttribute('data-forum');
  var offset = Live.clockOffset(root);
  var EVERYONE = '';
  var UNASSIGNED = 'none';
  var LONG_TEXT = 280;

  var state = Live.data('stage-state');
  var queue = Live.data('stage-queue') || { order: [], next: null, questions: [] };
  var assignees = Live.data('stage-assignees') || [];

  function $(id) { return document.getElementById(id); }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function show(node, visible) { if (node) { node.hidden = !visible; } }

  /* ---------- the filter: ?assignee=, else what this device remembers ---------- */

  var storeKey = 'forum-live:' + forum + ':stage:assignee';

  function remembered() {
    try { return window.localStorage.getItem(storeKey); } catch (e) { return null; }
  }

  function remember(value) {
    try { window.localStorage.setItem(storeKey, value); } catch (e) { /* private mode: fine */ }
  }

  function fromUrl() {
    var match = /[?&]assignee=([^&#]*)/.exec(window.location.search);
    if (!match) { return null; }
    try { return decodeURIComponent(match[1].replace(/\+/g, ' ')); } catch (e) { return null; }
  }

  /* The address shows the choice, so a reload or a bookmark keeps it. */
  function putInUrl(value) {
    if (!window.history || !window.history.replaceState) { return; }
    var search = window.location.search.replace(/^\?/, '').split('&').filter(function (part) {
      return part && part.indexOf('assignee=') !== 0;
    });
    if (value !== EVERYONE) { search.push('assignee=' + encodeURIComponent(value)); }
    var url = window.location.pathname + (search.length ? '?' + search.join('&') : '') +
      window.location.hash;
    try { window.history.replaceState(null, '', url); } catch (e) { /* a file:// page */ }
  }

  var select = $('assignee');
  var chosen = EVERYONE;

  function hasOption(value) {
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === value) { return true; }
    }
    return false;
  }

  function choose(value, store) {
    chosen = value !== null && hasOption(value) ? value : EVERYONE;
    select.value = chosen;
    if (store) { remember(chosen); }
    putInUrl(chosen);
  }

  /* ---------- answerers: the forum's, and any a question names that the page lacks ---------- */

  var known = {};
  assignees.forEach(function (a) { known[String(a.id)] = a; });

  function learnAssignees(questions) {
    questions.forEach(function (q) {
      var a = q.assignee;
      if (a && !known[String(a.id)]) {
        known[String(a.id)] = a;
        assignees.push(a);
        var option = el('option', null, a.name);
        option.value = String(a.id);
        select.insertBefore(option, select.options[select.options.length - 1]);
      }
    });
  }

  /* ---------- now: the agenda item, the question on screen, the speaker's time ---------- */

  function askerText(asker) {
    var line = Live.askerLine(asker);
    return line ? t(T.asker, { name: line }) : '';
  }

  function answererText(assignee) {
    return assignee ? t(T.answerer, { name: Live.assigneeLine(assignee) }) : T.noAnswerer;
  }

  function setLine(node, text) {
    Live.setText(node, text);
    show(node, !!text);
  }

  function renderNow() {
    if (!state) { return; }
    var item = Live.currentItem(state);
    var no = $('now-no');
    Live.setText(no, item ? t(T.item, { n: item.position }) : '');
    show(no, !!item);
    Live.setText($('now-item-title'), item ? item.title
      : (state.forum && state.forum.status === 'closed' ? T.closed : T.noItemYet));

    var shown = state.on_screen;
    var text = $('now-text');
    setLine(text, shown ? shown.text : '');
    text.className = 'now__text' + (shown && shown.text.length > LONG_TEXT ? ' is-long' : '');
    setLine($('now-asker'), shown ? askerText(shown.asker) : '');
    setLine($('now-also'), Live.alsoAskedLine(T, shown));
    setLine($('now-answerer'), shown ? answererText(shown.assignee) : '');
    show($('now-none'), !shown);
    tick();
  }

  var clock = $('clock');
  var clockLabel = $('clock-label');
  var clockTime = $('clock-time');

  function tick() {
    var speaker = state ? Live.speakerCountdown(state, Date.now() + offset) : null;
    show(clock, !!speaker);
    if (!speaker) { return; }
    Live.setText(clockTime, speaker.text);
    Live.setText(clockLabel, speaker.state === 'over' ? T.overtime : T.speaking);
    var className = 'clock is-' + speaker.state;
    if (clock.className !== className) { clock.className = className; }
  }

  /* ---------- next, and the running order by answerer ---------- */

  /* The waiting questions in the running order, each with its place (1, 2, ...). */
  function waiting() {
    var byId = {};
    (queue.questions || []).forEach(function (q) { byId[q.id] = q; });
    var found = [];
    (queue.order || []).forEach(function (id) {
      var q = byId[id];
      if (q) {
        found.push({ id: q.id, place: found.length + 1, text: q.public_text, asker: q.asker,
                     assignee: q.assignee });
      }
    });
    return found;
  }

  function keyOf(question) {
    return question.assignee ? String(question.assignee.id) : UNASSIGNED;
  }

  /* As live/screens/stage.py `kept`: everyone's, one answerer's, or the unassigned. */
  function kept(questions) {
    if (chosen === EVERYONE) { return questions; }
    return questions.filter(function (q) { return keyOf(q) === chosen; });
  }

  function plural(pair, n) {
    return t(pair ? pair[n === 1 ? 0 : 1] : '{n}', { n: n });
  }

  function renderNext(questions) {
    var next = null;
    for (var i = 0; i < questions.length; i++) {
      if (questions[i].id === queue.next) { next = questions[i]; }
    }
    setLine($('next-text'), next ? next.text : '');
    setLine($('next-asker'), next ? askerText(next.asker) : '');
    setLine($('next-answerer'), next ? answererText(next.assignee) : '');
    show($('next-none'), !next);
  }

  function questionItem(q) {
    var item = el('li', 'qitem' + (q.id === queue.next ? ' is-next' : ''));
    item.setAttribute('data-id', q.id);
    var place = el('span', 'qitem__place');
    place.appendChild(el('span', 'visually-hidden', T.place + ' '));
    place.appendChild(document.createTextNode(String(q.place)));
    item.appendChild(place);
    var body = el('div', 'qitem__body');
    if (q.id === queue.next) { body.appendChild(el('p', 'qitem__tag', T.next)); }
    body.appendChild(el('p', 'qitem__text', q.text));
    var asker = askerText(q.asker);
    if (asker) { body.appendChild(el('p', 'qitem__asker', asker)); }
    if (chosen === EVERYONE) {
      body.appendChild(el('p', 'qitem__answerer', t(T.answerer, {
        name: q.assignee ? Live.assigneeLine(q.assignee) : T.unassigned
      })));
    }
    item.appendChild(body);
    return item;
  }

  function renderList(questions) {
    var listed = kept(questions);
    var who = $('list').querySelector('.then__who');
    while (who.firstChild) { who.removeChild(who.firstChild); }
    if (chosen !== EVERYONE) {
      var answerer = known[chosen];
      who.appendChild(el('span', 'then__name', answerer ? Live.assigneeLine(answerer)
        : (chosen === UNASSIGNED ? T.unassigned : '')));
      who.appendChild(document.createTextNode(' '));
    }
    who.appendChild(el('span', 'then__count', plural(T.count, listed.length)));

    var list = $('qlist');
    var fresh = document.createDocumentFragment();
    listed.forEach(function (q) { fresh.appendChild(questionItem(q)); });
    while (list.firstChild) { list.removeChild(list.firstChild); }
    list.appendChild(fresh);
    show(list, listed.length > 0);
    var empty = $('then-empty');
    Live.setText(empty, chosen === EVERYONE ? T.empty : T.emptyOne);
    show(empty, !listed.length);
  }

  function renderQueue() {
    var questions = waiting();
    renderNext(questions);
    renderList(questions);
  }

  /* ---------- pushes ---------- */

  function onState(next) {
    state = next;
    renderNow();
  }

  function onQueue(payload) {
    if (!payload || !payload.order) { return; }
    queue = payload;
    learnAssignees(payload.questions || []);
    renderQueue();
  }

  var alertBox = $('alert');

  function alertWith(text, link) {
    while (alertBox.firstChild) { alertBox.removeChild(alertBox.firstChild); }
    if (!text) { return; }
    var p = el('p', 'stage-alert__text', text);
    if (link) {
      p.appendChild(document.createTextNode(' '));
      var a = el('a', null, T.loginAgain);
      a.href = link;
      p.appendChild(a);
    }
    alertBox.appendChild(p);
  }

  /* ---------- start ---------- */

  learnAssignees(queue.questions || []);
  var asked = fromUrl();
  choose(asked !== null ? asked : remembered(), asked !== null);
  show($('filter-go'), false);
  select.addEventListener('change', function () {
    choose(select.value, true);
    renderQueue();
  });
  $('filter').addEventListener('submit', function (event) {
    event.preventDefault();
    choose(select.value, true);
    renderQueue();
  });

  renderNow();
  renderQueue();
  window.setInterval(tick, 500);

  var conn = $('conn');
  Live.connect({
    forum: forum,
    role: 'staff',
    seq: Number(root.getAttribute('data-seq')),
    onState: onState,
    onQueue: onQueue,
    onConnection: function (connected) {
      conn.textContent = connected ? T.connected : T.reconnecting;
      conn.className = 'conn-pill ' + (connected ? 'conn-pill--ok' : 'conn-pill--wait');
      if (connected) { alertWith(''); }
    },
    onRefused: function (data) {
      if (data && data.code === 401) {
        alertWith(T.expired, root.getAttribute('data-login'));
      } else {
        alertWith((data && data.error) || T.refused);
      }
    }
  });
}(window, document));
