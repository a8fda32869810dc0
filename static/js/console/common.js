/*
 * The moderator's console. The server pushes the hall's snapshot ('state') after every change,
 * and the queue: whole on connect ('queue', also when something every card reads changed),
 * then the questions changed since the push before ('queue_delta', each question whole, put in
 * by id unless the one held is newer) with the running order; these files re-render the whole
 * page from that list, so two moderators in two browsers always see the same thing. Each action is one POST to
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
 * the reader's language (templates/questions/console/console.html); none lives here.
 *
 * Plain scripts, no build step: templates/questions/console/console.html loads them in this order, each
 * one function that adds to one object, window.Console (C in each file):
 *   common.js     this file: the page's settings, the state every file reads, small helpers,
 *                 the banner and the requests
 *   actions.js    how each move the server allows (`actions`) looks, its key, who may use it
 *   queue.js      the filters and the cards
 *   assistant.js  flagged words, likely duplicates, the "Groups" view
 *   order.js      the queued column's running order and the next question
 *   selection.js  the question the keys act on, and several picked at once
 *   alerts.js     a new question's flash and beep
 *   agenda.js     the agenda, the screen preview, the countdowns, the forum's phase
 *   dialog.js     the dialog that asks before an action, and the help overlay
 *   keys.js       the keys and the clicks
 *   start.js      the forum's topics, questions typed by staff, the connection, the first render
 * A file takes what common.js and actions.js give at once (they come first); what a later file
 * gives it calls as C.name(...) when it runs, after every file has loaded.
 */
(function (window, document) {
  'use strict';

  var Live = window.ForumLive;
  var root = document.getElementById('console');
  if (!root || !Live || !window.fetch) { return; }
  var T = Live.strings();
  var t = Live.t;
  var api = root.getAttribute('data-api');
  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  var csrf = csrfMeta ? csrfMeta.getAttribute('content') : '';
  var firstQueue = Live.data('console-queue') || {};

  var C = window.Console = {
    Live: Live,
    T: T,
    t: t,
    root: root,
    labels: Live.data('staff-labels') || { status: {}, channel: {} },
    canModerate: root.getAttribute('data-can-moderate') !== 'false',
    canAnswer: root.getAttribute('data-can-answer') !== 'false',
    canRunAgenda: root.getAttribute('data-can-run-agenda') !== 'false',
    settings: localStore('forum-live:console:'),
    offset: Live.clockOffset(root),

    /* What the last pushes said: the hall's snapshot, the queue (and each question by id),
       the queued column's running order (ids, top first) and the one ready to show next, both
       the forum's; the forum's topics. */
    state: Live.data('console-state'),
    questions: firstQueue.questions || [],
    byId: {},
    order: firstQueue.order || [],
    nextId: firstQueue.next === undefined ? null : firstQueue.next,
    topics: Live.data('console-topics') || [],
    /* The question the keys act on (an id); the questions picked for one step on several, the
       cards unfolded by hand and those waiting for the server's answer (ids as keys). */
    selectedId: null,
    picked: {},
    openCards: {},
    busy: {},
    /* The open dialog: {q, action, version}, or null. */
    dialog: null
  };

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

  /* ---------- banner ---------- */

  var banner = $('banner');
  var bannerText = $('banner-text');
  var bannerTimer = null;
  var modal = $('modal');

  function showBanner(message, options) {
    options = options || {};
    // Never over an open dialog: said inside it instead, where the eyes are.
    if (modal && !modal.hidden && !options.link) { C.dialogError(message); return; }
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
    if (C.dialog && result.status !== 401) {
      // Said inside the open dialog, where the eyes are; the typed text stays.
      C.dialogError(result.status === 0 ? T.offline
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
    C.busy[q.id] = true;
    C.renderQueue();
    return post('/questions/' + q.id + '/' + action, body).then(function (result) {
      delete C.busy[q.id];
      C.renderQueue();
      return result.ok;
    });
  }

  C.$ = $;
  C.el = el;
  C.clear = clear;
  C.fold = fold;
  C.isoDay = isoDay;
  C.localDay = localDay;
  C.todayPlus = todayPlus;
  C.shorten = shorten;
  C.plural = plural;
  C.upvoteText = upvoteText;
  C.showBanner = showBanner;
  C.hint = hint;
  C.post = post;
  C.getJSON = getJSON;
  C.act = act;
}(window, document));
