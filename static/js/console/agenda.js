/*
 * The agenda and the preview of what the hall's screen shows, the countdowns (the current item's
 * planned time, the speaker's timer) and the forum's phase; the hall's snapshot (`state`) draws
 * them again (see common.js for how the console's files share).
 */
(function (window, document, C) {
  'use strict';
  if (!C) { return; }
  var $ = C.$, Live = C.Live, el = C.el, t = C.t, T = C.T, canRunAgenda = C.canRunAgenda;
  var clear = C.clear, actionsOf = C.actionsOf, offset = C.offset, post = C.post;
  var showBanner = C.showBanner;

  /* ---------- the agenda and the screen preview ---------- */

  function minutesBetween(a, b) {
    return Math.round((Date.parse(b) - Date.parse(a)) / 60000);
  }

  function renderAgenda() {
    var list = $('agenda-list');
    var fragment = document.createDocumentFragment();
    var current = Live.currentItem(C.state);
    C.state.agenda.forEach(function (item) {
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
    var pending = C.state.agenda.filter(function (i) { return i.status === 'pending'; });
    var last = C.state.agenda.length ? C.state.agenda[C.state.agenda.length - 1] : null;
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
    var item = Live.currentItem(C.state);
    Live.setText($('preview-agenda'), item ? t(T.item, { n: item.position, title: item.title })
      : (C.state.forum.status === 'closed' ? T.forumEnded : T.noItemYet));
    var shown = C.state.on_screen;
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

  /* Beside the preview, the moves on the question the hall sees, as its card offers them. */
  var PREVIEW = ['hide', 'answer', 'defer'];

  function renderPreviewActions() {
    var bar = $('preview-actions');
    clear(bar);
    var shown = C.state && C.state.on_screen ? C.byId[C.state.on_screen.id] : null;
    if (!shown || shown.status !== 'on_screen') { return; }
    actionsOf(shown).filter(function (spec) { return PREVIEW.indexOf(spec[0]) >= 0; }).forEach(function (spec) {
      var b = C.actionButton(spec, shown.id);
      b.className += ' button--small';
      bar.appendChild(b);
    });
  }

  /* ---------- countdowns: the current item's planned time, the speaker's timer ---------- */

  var timerClock = $('timer-clock');
  var timerClockTime = $('timer-clock-time');
  var timerStop = $('timer-stop');

  function tick() {
    if (!C.state) { return; }
    var now = Date.now() + offset;
    var speaker = Live.speakerCountdown(C.state, now);
    timerClock.hidden = !speaker;
    if (speaker) {
      Live.setText(timerClockTime, speaker.text);
      timerClock.className = 'timer__clock clock-face is-' + speaker.state;
    }
    if (timerStop) { timerStop.disabled = !(C.state.timers && C.state.timers.speaker); }
    var node = $('agenda-countdown');
    var item = Live.itemCountdown(C.state, now);
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
    C.state = snapshot;
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
      else if (C.state) { phaseSelect.value = C.state.forum.status; }
    });
  }

  C.renderPreviewActions = renderPreviewActions;
  C.onState = onState;
}(window, document, window.Console));
