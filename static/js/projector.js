/*
 * The big screen. The server renders the first view; from then on each `state` from
 * Socket.IO re-renders it whole. socket.io-client reconnects by itself and the server sends
 * the full state on connect, so the hall PC never needs a touch or a reload.
 * A long question is made to fit by lowering its font size (never cut off).
 */
(function (window, document) {
  'use strict';

  var Live = window.ForumLive;
  var root = document.getElementById('screen');
  if (!root || !Live) { return; }

  function $(id) { return document.getElementById(id); }

  var stage = $('stage');
  var fitBox = $('stage-fit');
  var textEl = $('stage-text');
  var askerEl = $('stage-asker');
  var answererEl = $('stage-answerer');
  var cornerQr = $('corner-qr');
  var waiting = $('waiting');
  var waitingCall = $('waiting-call');
  var waitingCount = $('waiting-count');
  var waitingTotal = $('waiting-total');
  var agendaNo = $('agenda-no');
  var agendaTitle = $('agenda-title');
  var conn = $('conn');
  var lastFitKey = '';

  /* The largest font size (px) at which the whole question fits its box. */
  function fit() {
    if (stage.hidden) { return; }
    var box = fitBox.getBoundingClientRect();
    if (!box.height || !box.width) { return; }
    var unit = Math.min(window.innerHeight, window.innerWidth * 0.5625) / 100;
    var key = textEl.textContent + '|' + Math.round(box.width) + 'x' + Math.round(box.height);
    if (key === lastFitKey) { return; }
    var low = 8;
    var high = Math.max(low, Math.round(unit * 7));  // the largest size; short questions get it
    function fits(size) {
      textEl.style.fontSize = size + 'px';
      return textEl.scrollHeight <= fitBox.clientHeight + 1 && textEl.scrollWidth <= fitBox.clientWidth + 1;
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

  function render(state) {
    var status = state.forum.status;
    var item = Live.currentItem(state);
    if (item) {
      Live.setText(agendaNo, 'Mục ' + item.position);
      agendaNo.hidden = false;
      Live.setText(agendaTitle, item.title);
    } else {
      agendaNo.hidden = true;
      Live.setText(agendaTitle, status === 'closed' ? 'Diễn đàn đã kết thúc' : 'Diễn đàn sắp bắt đầu');
    }

    var shown = state.on_screen;
    stage.hidden = !shown;
    cornerQr.hidden = !shown;
    waiting.hidden = !!shown;
    if (shown) {
      Live.setText(textEl, shown.text);
      var asker = Live.askerLine(shown.asker);
      Live.setText(askerEl, asker ? 'Người hỏi: ' + asker : '');
      askerEl.hidden = !asker;
      var answerer = Live.assigneeLine(shown.assignee);
      Live.setText(answererEl, answerer ? 'Người trả lời: ' + answerer : '');
      answererEl.hidden = !answerer;
    }

    var closed = status === 'closed';
    waiting.className = 'waiting' + (closed ? ' waiting--closed' : '');
    Live.setText(waitingCall, waitingCall.getAttribute(closed ? 'data-closed' : 'data-open'));
    var total = state.counts ? state.counts.total : 0;
    Live.setText(waitingTotal, String(total || 0));
    waitingCount.hidden = !total;

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
  window.addEventListener('load', function () { lastFitKey = ''; fit(); });

  var hideConnTimer = null;
  Live.connect({
    forum: root.getAttribute('data-forum'),
    seq: Number(root.getAttribute('data-seq')),
    onState: render,
    onConnection: function (connected) {
      // A blip of a second is not worth showing to the hall.
      window.clearTimeout(hideConnTimer);
      if (connected) {
        conn.hidden = true;
      } else {
        hideConnTimer = window.setTimeout(function () { conn.hidden = false; }, 2000);
      }
    }
  });
}(window, document));
