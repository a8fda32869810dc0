/*
 * The record page follows the forum: when a `state` with a newer seq arrives, the page is
 * fetched again and its <main> swapped in (no reload, the scroll position stays). Nothing is
 * swapped while the reader is selecting text.
 */
(function (window, document) {
  'use strict';

  var Live = window.ForumLive;
  var T = Live ? Live.strings() : {};
  var printButton = document.getElementById('print-record');
  if (printButton) { printButton.addEventListener('click', function () { window.print(); }); }

  var main = document.getElementById('record');
  var status = document.getElementById('record-live');
  if (!main || !Live || !window.fetch || !window.DOMParser) { return; }

  var shownSeq = Number(main.getAttribute('data-seq')) || 0;
  var wantedSeq = shownSeq;
  var timer = null;
  var loading = false;

  function say(text, busy) {
    status.textContent = text;
    status.className = 'record-live' + (busy ? ' record-live--busy' : '');
  }

  function selecting() {
    var selection = window.getSelection ? window.getSelection() : null;
    return selection && String(selection).length > 0;
  }

  function refresh() {
    timer = null;
    if (loading || wantedSeq <= shownSeq) { return; }
    if (selecting()) { schedule(3000); return; }
    loading = true;
    say(T.updating, true);
    window.fetch(window.location.href, { credentials: 'same-origin', headers: { 'Accept': 'text/html' } })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var fresh = new window.DOMParser().parseFromString(html, 'text/html').getElementById('record');
        if (!fresh) { say(T.failed, true); return; }
        var current = document.getElementById('record');
        current.parentNode.replaceChild(document.importNode(fresh, true), current);
        shownSeq = Number(fresh.getAttribute('data-seq')) || wantedSeq;
        say(Live.t(T.updated, { time: Live.clock(new Date().toISOString()) }));
      }, function () {
        say(T.lost, true);
      })
      .then(function () {
        loading = false;
        if (wantedSeq > shownSeq) { schedule(2000); }
      });
  }

  function schedule(delay) {
    if (timer === null) { timer = window.setTimeout(refresh, delay); }
  }

  Live.connect({
    forum: main.getAttribute('data-forum'),
    seq: shownSeq,
    onState: function (state) {
      if (state.seq > wantedSeq) { wantedSeq = state.seq; }
      if (wantedSeq > shownSeq) { schedule(1500); }
    },
    onConnection: function (connected) {
      if (!connected) { say(T.reconnecting, true); } else if (!loading) { say(T.live); }
    }
  });
}(window, document));
