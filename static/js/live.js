/*
 * The forum's live connection, shared by the attendee, projector, moderator and record pages.
 *
 * ForumLive.connect({forum, role, queue, seq, onState, onQueue, onQueueDelta, onMine,
 * onConnection, onConnect, onRefused}) opens one Socket.IO connection with the query
 * forum=<code> (and role=staff; queue=delta for the queue's changes, `queue_delta`, after the
 * whole `queue` on connect).
 * The server sends the whole state on connect and after every change; socket.io-client
 * reconnects by itself, so a page never needs a reload. A snapshot whose `seq` is lower than
 * the last one shown is dropped (an old push overtaken by a newer one).
 * Plain ES5 so that old Android browsers run it.
 */
(function (window) {
  'use strict';

  function noop() {}

  function connect(options) {
    var lastSeq = typeof options.seq === 'number' ? options.seq : -1;
    var freshConnection = false;
    var onState = options.onState || noop;
    var onConnection = options.onConnection || noop;
    var query = { forum: options.forum };
    if (options.role) { query.role = options.role; }
    if (options.queue) { query.queue = options.queue; }

    if (typeof window.io !== 'function') {
      onConnection(false);
      return null;
    }
    var socket = window.io({
      query: query,
      reconnectionDelay: 1000,
      reconnectionDelayMax: 5000,
      timeout: 10000
    });

    socket.on('connect', function () {
      // The first snapshot of a connection is the server's truth, even if its seq went down
      // (a database restored from backup); after that, order by seq.
      freshConnection = true;
      onConnection(true);
      if (options.onConnect) { options.onConnect(socket); }
    });
    socket.on('disconnect', function (reason) {
      onConnection(false);
      // The server closed this connection on purpose (e.g. a restart): come back anyway.
      if (reason === 'io server disconnect') { socket.connect(); }
    });
    socket.on('connect_error', function (error) {
      onConnection(false);
      // A refusal from the server (forum unknown, login expired) carries `data` and is not
      // retried by socket.io-client; anything else is, by itself.
      if (error && error.data) {
        if (options.onRefused) { options.onRefused(error.data); }
        window.setTimeout(function () { socket.connect(); }, 15000);
      }
    });
    socket.on('state', function (state) {
      if (!state || typeof state.seq !== 'number') { return; }
      if (!freshConnection && state.seq < lastSeq) { return; }
      freshConnection = false;
      lastSeq = state.seq;
      onState(state);
    });
    if (options.onQueue) { socket.on('queue', options.onQueue); }
    if (options.onQueueDelta) { socket.on('queue_delta', options.onQueueDelta); }
    if (options.onMine) { socket.on('mine', options.onMine); }
    return socket;
  }

  /* Reads a <script type="application/json" id="..."> block rendered with |tojson. */
  function data(id) {
    var node = document.getElementById(id);
    if (!node) { return null; }
    try { return JSON.parse(node.textContent); } catch (e) { return null; }
  }

  /*
   * The page's words for its script, in the reader's language: the template renders them with
   * gettext into <script type="application/json" id="strings"> (no text lives in the .js files).
   * t(T.left, {n: 5}) fills {name} placeholders (T.left: '{n} characters left'); t(undefined) is ''.
   */
  var words = null;
  function strings() {
    if (words === null) { words = data('strings') || {}; }
    return words;
  }
  function t(text, params) {
    if (text === undefined || text === null) { return ''; }
    text = String(text);
    if (!params) { return text; }
    return text.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole;
    });
  }

  /* "HH:MM" of an ISO time, in Vietnam's time (UTC+7, no daylight saving). */
  function clock(iso) {
    if (!iso) { return ''; }
    var time = Date.parse(iso);
    if (isNaN(time)) { return ''; }
    var local = new Date(time + 7 * 3600 * 1000);
    var h = local.getUTCHours();
    var m = local.getUTCMinutes();
    return (h < 10 ? '0' : '') + h + ':' + (m < 10 ? '0' : '') + m;
  }

  /* The current agenda item of a snapshot, or null. */
  function currentItem(state) {
    if (!state || state.current_item === null || state.current_item === undefined) { return null; }
    for (var i = 0; i < state.agenda.length; i++) {
      if (state.agenda[i].position === state.current_item) { return state.agenda[i]; }
    }
    return null;
  }

  /* "name — affiliation", or whichever was given, or ''. */
  function askerLine(asker) {
    if (!asker) { return ''; }
    var parts = [];
    if (asker.name) { parts.push(asker.name); }
    if (asker.affiliation) { parts.push(asker.affiliation); }
    return parts.join(' — ');
  }

  /*
   * The line under who asked: "and 3 others asked the same" (the `alsoAsked` pair), or, for a
   * question without a name, "3 others asked the same" (`alsoAskedAlone`); '' when nobody
   * else asked it. `strings` is the page's strings block ([singular, plural] pairs).
   */
  function alsoAskedLine(strings, shown) {
    var n = shown ? shown.also_asked || 0 : 0;
    var pair = askerLine(shown && shown.asker) ? strings.alsoAsked : strings.alsoAskedAlone;
    if (!n || !pair) { return ''; }
    return t(pair[n === 1 ? 0 : 1], { n: n });
  }

  /* As the hall reads it; the server builds the label (Assignee.label). */
  function assigneeLine(assignee) {
    return assignee ? (assignee.label || assignee.name) : '';
  }

  function setText(node, text) {
    if (node && node.textContent !== text) { node.textContent = text; }
  }

  /*
   * Milliseconds to add to this device's clock to read the server's. The page carries the
   * server's time of rendering in data-now: a hall PC with no internet is often minutes off,
   * and a countdown must not be. Under 2 s is the page's own loading time, not a wrong clock.
   */
  function clockOffset(node) {
    var server = node ? Date.parse(node.getAttribute('data-now') || '') : NaN;
    if (isNaN(server)) { return 0; }
    var offset = server - Date.now();
    return Math.abs(offset) < 2000 ? 0 : offset;
  }

  function two(n) { return (n < 10 ? '0' : '') + n; }

  /*
   * A countdown of `seconds` from `startedIso`, at `now` (ms, the server's clock):
   * {text: "2:41" | "0:05" | "+0:12", state: "run" | "warn" (the last 30 s) | "over"}, or null.
   */
  function countdown(startedIso, seconds, now) {
    var started = Date.parse(startedIso || '');
    if (isNaN(started) || !seconds) { return null; }
    var left = started + seconds * 1000 - now;
    if (left > 0) {
      var whole = Math.ceil(left / 1000);
      return { text: Math.floor(whole / 60) + ':' + two(whole % 60), state: whole <= 30 ? 'warn' : 'run' };
    }
    var over = Math.floor(-left / 1000);
    return { text: (over ? '+' : '') + Math.floor(over / 60) + ':' + two(over % 60), state: 'over' };
  }

  /* The current agenda item's countdown from its planned minutes, or null. */
  function itemCountdown(state, now) {
    var item = currentItem(state);
    if (!item || !item.planned_minutes || !item.started_at) { return null; }
    return countdown(item.started_at, item.planned_minutes * 60, now);
  }

  /* The speaker's countdown started from the console, or null. */
  function speakerCountdown(state, now) {
    var timer = state && state.timers ? state.timers.speaker : null;
    return timer ? countdown(timer.started_at, timer.seconds, now) : null;
  }

  window.ForumLive = {
    connect: connect,
    data: data,
    strings: strings,
    t: t,
    clock: clock,
    currentItem: currentItem,
    askerLine: askerLine,
    alsoAskedLine: alsoAskedLine,
    assigneeLine: assigneeLine,
    setText: setText,
    clockOffset: clockOffset,
    countdown: countdown,
    itemCountdown: itemCountdown,
    speakerCountdown: speakerCountdown
  };
}(window));
