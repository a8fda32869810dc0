/*
 * The big screen. The server renders the first view; from then on each `state` from
 * Socket.IO re-renders it whole. socket.io-client reconnects by itself and the server sends
 * the full state on connect, so the hall PC never needs a touch or a reload.
 * A question (and the unit's explanation under it) is made to fit by lowering the font size,
 * never below 56 px at 1080 lines: a longer one comes as the server's summary (`screen_text`).
 * The chyron at the bottom (agenda item, who answers, countdowns) stays while questions change.
 * The countdowns are worked out from the snapshot (the item's start and planned minutes, the
 * speaker's timer from the console) on the server's clock, so a reload shows the same time.
 * Its words come from the page's `strings` block, in the hall PC's language (its cookie).
 */
(function (window, document) {
  'use strict';

  var Live = window.ForumLive;
  var root = document.getElementById('screen');
  if (!root || !Live) { return; }

  function $(id) { return document.getElementById(id); }
  var T = Live.strings();
  var t = Live.t;

  var stage = $('stage');
  var textEl = $('stage-text');
  var askerEl = $('stage-asker');
  var alsoEl = $('stage-also');
  var answererEl = $('stage-answerer');
  var explainEl = $('stage-explain');
  var explainLabel = $('stage-explain-label');
  var explainText = $('stage-explain-text');
  var cornerQr = $('corner-qr');
  var waiting = $('waiting');
  var waitingCall = $('waiting-call');
  var waitingCount = $('waiting-count');
  var waitingTotal = $('waiting-total');
  var agendaNo = $('agenda-no');
  var agendaTitle = $('agenda-title');
  var conn = $('conn');
  var itemClock = $('item-clock');
  var itemClockTime = $('item-clock-time');
  var speakerClock = $('speaker-clock');
  var speakerClockTime = $('speaker-clock-time');
  var offset = Live.clockOffset(root);
  var lastState = null;
  var lastFitKey = '';

  /*
   * The largest font size (px) of the question at which the whole stage fits its room: the
   * question, who asked, the explanation and who answers. The explanation is set smaller than
   * the question and shrinks with it, so the question always reads first.
   */
  function fit() {
    if (stage.hidden) { return; }
    var box = stage.getBoundingClientRect();
    if (!box.height || !box.width) { return; }
    var unit = Math.min(window.innerHeight, window.innerWidth * 0.5625) / 100;
    var explained = !explainEl.hidden;
    var key = textEl.textContent + '|' + alsoEl.textContent + '|' + (explained ? explainText.textContent : '') + '|' +
      Math.round(box.width) + 'x' + Math.round(box.height);
    if (key === lastFitKey) { return; }
    // Never below 5.2 units (56 px at 1080): a longer question is shortened on the server
    // (SCREEN_TEXT_LIMIT) and the moderator edits it, rather than set in smaller type.
    var low = Math.round(unit * 5.2);
    // The largest size; short questions get it (a little less when an explanation shares the room).
    var high = Math.max(low, Math.round(unit * 7));
    var explainMax = Math.round(unit * 3.8);
    function fits(size) {
      textEl.style.fontSize = size + 'px';
      if (explained) { explainText.style.fontSize = Math.max(6, Math.min(explainMax, Math.round(size * 0.78))) + 'px'; }
      return stage.scrollHeight <= stage.clientHeight + 1 && stage.scrollWidth <= stage.clientWidth + 1;
    }
    if (!fits(high)) {
      while (high - low > 1) {
        var mid = Math.floor((low + high) / 2);
        if (fits(mid)) { low = mid; } else { high = mid; }
      }
      fits(low);
    }
    lastFitKey = key;
  }

  function paintClock(box, face, count) {
    box.hidden = !count;
    if (!count) { return; }
    Live.setText(face, count.text);
    var className = box.className.replace(/\s*is-(run|warn|over)/g, '') + ' is-' + count.state;
    if (box.className !== className) { box.className = className; }
  }

  /* Every quarter second: only the digits change, and only when they do. */
  function tick() {
    if (!lastState) { return; }
    var now = Date.now() + offset;
    paintClock(itemClock, itemClockTime, Live.itemCountdown(lastState, now));
    paintClock(speakerClock, speakerClockTime, Live.speakerCountdown(lastState, now));
  }

  /* Hall-only mode: the QR carries a pass that changes every 2 minutes; drawn again every 30
     seconds (the server answers the current one). The mode switched: the page comes again. */
  var hallOnly = !!document.querySelector('[data-hall-qr]');
  window.setInterval(function () {
    Array.prototype.forEach.call(document.querySelectorAll('[data-hall-qr]'), function (img) {
      var base = img.getAttribute('src').replace(/([?&])t=\d+&?/, '$1').replace(/[?&]$/, '');
      img.setAttribute('src', base + (base.indexOf('?') < 0 ? '?' : '&') + 't=' + Date.now());
    });
  }, 30000);

  function render(state) {
    if (state.forum && !!state.forum.hall_only !== hallOnly) { window.location.reload(); return; }
    lastState = state;
    var status = state.forum.status;
    var item = Live.currentItem(state);
    if (item) {
      Live.setText(agendaNo, t(T.item, { n: item.position }));
      agendaNo.hidden = false;
      Live.setText(agendaTitle, item.title);
    } else {
      agendaNo.hidden = true;
      Live.setText(agendaTitle, t(status === 'closed' ? T.closed : T.soon));
    }

    var shown = state.on_screen;
    stage.hidden = !shown;
    cornerQr.hidden = !shown;
    waiting.hidden = !!shown;
    // Who answers lives in the chyron: it goes when the question goes.
    var answerer = shown ? Live.assigneeLine(shown.assignee) : '';
    Live.setText(answererEl, answerer ? t(T.answerer, { name: answerer }) : '');
    answererEl.hidden = !answerer;
    if (shown) {
      Live.setText(textEl, shown.screen_text || shown.text);
      var asker = Live.askerLine(shown.asker);
      Live.setText(askerEl, asker ? t(T.asker, { name: asker }) : '');
      askerEl.hidden = !asker;
      var also = Live.alsoAskedLine(T, shown);
      Live.setText(alsoEl, also);
      alsoEl.hidden = !also;
      if (shown.explanation) {
        Live.setText(explainLabel, answerer ? t(T.explainOf, { name: answerer }) : t(T.explain));
        Live.setText(explainText, shown.explanation);
      }
      explainEl.hidden = !shown.explanation;
    }

    var closed = status === 'closed';
    waiting.className = 'waiting' + (closed ? ' waiting--closed' : '');
    Live.setText(waitingCall, t(closed ? T.thanks : T.open));
    var total = state.counts ? state.counts.total : 0;
    Live.setText(waitingTotal, String(total || 0));
    waitingCount.hidden = !total;

    tick();
    lastFitKey = '';
    fit();
  }

  var resizeTimer = null;
  window.addEventListener('resize', function () {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(function () { lastFitKey = ''; fit(); }, 100);
  });

  // The server-rendered question may need fitting before the socket says anything.
  fit();
  window.setInterval(tick, 250);
  window.addEventListener('load', function () { lastFitKey = ''; fit(); });

  var hideConnTimer = null;
  var first = Live.data('screen-state');
  if (first) { lastState = first; tick(); }
  Live.connect({
    forum: root.getAttribute('data-forum'),
    seq: Number(root.getAttribute('data-seq')),
    onState: render,
    onConnection: function (connected) {
      // A blip of a second is not worth showing to the hall; a longer drop shows after 2 s,
      // however many reconnect attempts fail meanwhile.
      if (connected) {
        window.clearTimeout(hideConnTimer);
        hideConnTimer = null;
        conn.hidden = true;
      } else if (hideConnTimer === null && conn.hidden) {
        hideConnTimer = window.setTimeout(function () {
          hideConnTimer = null;
          conn.hidden = false;
        }, 2000);
      }
    }
  });
}(window, document));
