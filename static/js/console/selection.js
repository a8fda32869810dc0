/*
 * The question the keys act on (one, outlined), and several picked at once (click, Shift+click,
 * X) for one step on all of them (POST /questions/bulk) (see common.js for how the console's
 * files share).
 */
(function (window, document, C) {
  'use strict';
  if (!C) { return; }
  var $ = C.$, t = C.t, T = C.T, labels = C.labels, shorten = C.shorten, hint = C.hint;
  var CANNOT = C.CANNOT, offers = C.offers, allowed = C.allowed, bulkOf = C.bulkOf;
  var ACTION_NAMES = C.ACTION_NAMES;
  var DIALOGS = C.DIALOGS, act = C.act, Live = C.Live, plural = C.plural;
  var post = C.post, showBanner = C.showBanner;
  var busy = C.busy;
  /* The card a Shift+click or Shift+J / K picks from. */
  var pickAnchor = null;

  /* ---------- the selection the keys act on ---------- */

  var selectionLive = $('selection-live');

  function announce(message) {
    // Emptied first, so the same words twice are read twice.
    selectionLive.textContent = '';
    window.setTimeout(function () { selectionLive.textContent = message; }, 50);
  }

  function selectedQuestion() { return C.selectedId === null ? null : C.byId[C.selectedId] || null; }

  function select(id, options) {
    C.selectedId = id === null || id === undefined ? null : Number(id);
    var cards = document.querySelectorAll('#queue .qcard');
    for (var i = 0; i < cards.length; i++) {
      var on = Number(cards[i].getAttribute('data-id')) === C.selectedId;
      cards[i].classList.toggle('is-selected', on);
      if (on) { cards[i].setAttribute('aria-current', 'true'); } else { cards[i].removeAttribute('aria-current'); }
    }
    var node = C.selectedId === null ? null : document.querySelector('#queue .qcard[data-id="' + C.selectedId + '"]');
    if (node && !(options && options.quiet)) {
      if (node.scrollIntoView) { node.scrollIntoView({ block: 'nearest' }); }
      var q = C.byId[C.selectedId];
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
      if (Number(cards[i].getAttribute('data-id')) === C.selectedId) { at = i; }
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
    if (!offers(q, action)) {
      hint(t(CANNOT[action], { id: q.id, status: labels.status[q.status] || q.status }));
      return;
    }
    if (!allowed(action)) {
      hint(action === 'topics' && !C.topics.length ? T.noTopics
        : t(T.mayNot, { action: ACTION_NAMES[action] }));
      return;
    }
    if (busy[q.id]) { return; }
    if (DIALOGS[action]) { C.openDialog(q, action); return; }
    if (q.status === 'new') { advanceFrom(q.id); }
    act(q, action, {});
  }

  /* ---------- several questions at once: pick (click, Shift+click, X), then one step ---------- */

  var bulkBar = $('bulk');

  function pickedIds() {
    return visibleCards().map(function (node) { return Number(node.getAttribute('data-id')); })
      .filter(function (id) { return C.picked[id]; });
  }

  /* The steps every picked question allows (approve only when all are new). */
  function bulkActions(ids) {
    var common = null;
    ids.forEach(function (id) {
      var q = C.byId[id];
      var mine = q ? bulkOf(q) : [];
      common = common === null ? mine.slice() : common.filter(function (a) { return mine.indexOf(a) >= 0; });
    });
    return common || [];
  }

  function renderPicked() {
    Object.keys(C.picked).forEach(function (id) {
      var q = C.byId[id];
      if (!q || !bulkOf(q).length) { delete C.picked[id]; }
    });
    var cards = document.querySelectorAll('#queue .qcard');
    for (var i = 0; i < cards.length; i++) {
      var on = !!C.picked[cards[i].getAttribute('data-id')];
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
    var q = C.byId[id];
    if (!q || !bulkOf(q).length) { hint(T.pickWhich); return; }
    if (options.range && pickAnchor !== null) {
      var ids = visibleCards().map(function (node) { return Number(node.getAttribute('data-id')); });
      var from = ids.indexOf(pickAnchor);
      var to = ids.indexOf(id);
      if (from >= 0 && to >= 0) {
        ids.slice(Math.min(from, to), Math.max(from, to) + 1).forEach(function (other) {
          if (C.byId[other] && bulkOf(C.byId[other]).length) { C.picked[other] = true; }
        });
      }
    } else if (options.on === undefined ? !C.picked[id] : options.on) {
      C.picked[id] = true;
    } else {
      delete C.picked[id];
    }
    pickAnchor = id;
    renderPicked();
  }

  function unpickAll() {
    C.picked = {};
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
    C.renderQueue();
    post('/questions/bulk', { action: action, ids: ids }).then(function (result) {
      ids.forEach(function (id) { delete busy[id]; });
      if (result.ok) {
        unpickAll();
        showBanner(plural(T.bulkDone[action], ids.length, { n: ids.length }), { ok: true });
      }
      C.renderQueue();
    });
  }

  if (bulkBar) {
    $('bulk-approve').addEventListener('click', function () { runBulk('approve'); });
    $('bulk-reject').addEventListener('click', function () { runBulk('reject'); });
    $('bulk-clear').addEventListener('click', unpickAll);
  }

  C.announce = announce;
  C.select = select;
  C.selectedQuestion = selectedQuestion;
  C.visibleCards = visibleCards;
  C.moveSelection = moveSelection;
  C.keyAction = keyAction;
  C.pickedIds = pickedIds;
  C.renderPicked = renderPicked;
  C.pick = pick;
  C.unpickAll = unpickAll;
  C.runBulk = runBulk;
}(window, document, window.Console));
