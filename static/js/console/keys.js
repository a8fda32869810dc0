/*
 * The keys (the help overlay lists them) and the clicks on the cards, the agenda and the filters
 * (see common.js for how the console's files share).
 */
(function (window, document, C) {
  'use strict';
  if (!C) { return; }
  var hint = C.hint, T = C.T, $ = C.$, post = C.post, act = C.act, DIALOGS = C.DIALOGS;
  var Live = C.Live, showBanner = C.showBanner, t = C.t;
  var openCards = C.openCards;
  var modal = $('modal');
  var help = $('help');
  var searchEl = $('queue-search');
  var filterChannel = $('filter-channel');
  var filterTopic = $('filter-topic');
  var filterAssignee = $('filter-assignee');
  var sortUpvotes = $('sort-upvotes');
  var filterClear = $('filter-clear');

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
    if (event.key === 'Tab') { C.trapTab(event); return; }
    if (event.defaultPrevented || event.isComposing) { return; }
    if (event.key === 'Escape' || event.key === 'Esc') {
      if (!help.hidden) { C.closeHelp(); } else if (event.target === searchEl) { searchEl.blur(); } else if (C.pickedIds().length) { C.unpickAll(); }
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) { return; }
    var key = keyOf(event);
    if (!help.hidden) {
      if (key === '?') { C.closeHelp(); event.preventDefault(); }
      return;
    }
    if (!modal.hidden) { return; }
    var q = C.selectedQuestion();
    switch (key) {
      case 'j': case 'ArrowDown':
        C.moveSelection(1);
        if (event.shiftKey && C.selectedId !== null) { C.pick(C.selectedId, { on: true }); }
        break;
      case 'k': case 'ArrowUp':
        C.moveSelection(-1);
        if (event.shiftKey && C.selectedId !== null) { C.pick(C.selectedId, { on: true }); }
        break;
      case 'x':
        if (!q) { hint(T.noneSelected); } else { C.pick(q.id); }
        break;
      case 'a': if (C.pickedIds().length) { C.runBulk('approve'); } else { C.keyAction('approve'); } break;
      case 'r': if (C.pickedIds().length) { C.runBulk('reject'); } else { C.keyAction('reject'); } break;
      case 's':
        if (event.shiftKey) { C.showNext(); } else { C.keyAction('show'); }
        break;
      case 'h': C.keyAction('hide'); break;
      case 'd': C.keyAction('answer'); break;
      case 'f': C.keyAction('defer'); break;
      case 'e': C.keyAction('edit'); break;
      case 'm': C.keyAction('merge'); break;
      case 'g': C.keyAction('assign'); break;
      case 't': C.keyAction('topics'); break;
      case 'p':
        if (!q) { hint(T.noneSelected); } else { C.pickNext(q); }
        break;
      case '[': C.moveQueued(q, -1); break;
      case ']': C.moveQueued(q, 1); break;
      case 'n':
        if (!$('agenda-next')) { hint(T.mayNotRunAgenda); }
        else if (!$('agenda-next').disabled) { $('agenda-next').click(); }
        break;
      case '/': searchEl.focus(); searchEl.select(); break;
      case '?': C.openHelp(); break;
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
        C.pick(cardId, { range: event.shiftKey, on: target.checked });
      } else if (!control && (event.shiftKey || event.ctrlKey || event.metaKey)) {
        // Shift+click picks the run from the last picked card; Ctrl+click one more.
        if (event.shiftKey && window.getSelection) { window.getSelection().removeAllRanges(); }
        C.pick(cardId, { range: event.shiftKey });
      }
      C.select(cardId, { quiet: true });
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
    var q = C.byId[target.getAttribute('data-id')];
    var action = target.getAttribute('data-action');
    if (!q) { return; }
    if (action === 'next') { C.pickNext(q); return; }
    if (action === 'goto') { C.goTo(Number(target.getAttribute('data-target'))); return; }
    if (action === 'toggle') {
      if (openCards[q.id]) { delete openCards[q.id]; } else { openCards[q.id] = true; }
      C.renderQueue();
      var again = document.querySelector('#queue .qcard[data-id="' + q.id + '"] [data-action="toggle"]');
      if (again) { again.focus(); }
      return;
    }
    if (action === 'order:up' || action === 'order:down') {
      C.select(q.id, { quiet: true });
      C.moveQueued(q, action === 'order:up' ? -1 : 1);
      return;
    }
    if (action === 'reject:out_of_scope') { act(q, 'reject', { reason: 'out_of_scope' }); return; }
    if (action === 'publish') {
      // the written reply goes to the results page and the asker's receipt page: say so
      act(q, 'publish', {}).then(function (ok) {
        if (ok) { showBanner(t(T.published, { id: q.id }), { ok: true }); }
      });
      return;
    }
    if (DIALOGS[action]) { C.openDialog(q, action); } else { act(q, action, {}); }
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

  searchEl.addEventListener('input', C.renderQueue);
  searchEl.addEventListener('keydown', function (event) {
    // Enter in the search: the first card found is selected, and the keys work on it.
    if (event.key !== 'Enter') { return; }
    event.preventDefault();
    var first = C.visibleCards()[0];
    if (first) {
      searchEl.blur();
      C.select(first.getAttribute('data-id'));
    }
  });
  [filterChannel, filterTopic, filterAssignee, sortUpvotes].forEach(function (node) {
    node.addEventListener('change', C.renderQueue);
  });
  filterClear.addEventListener('click', function () {
    searchEl.value = '';
    filterChannel.value = '';
    filterTopic.value = '';
    filterAssignee.value = '';
    sortUpvotes.checked = false;
    C.renderQueue();
  });

}(window, document, window.Console));
