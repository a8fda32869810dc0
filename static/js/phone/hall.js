/*
 * The phone's hall, on the question page after ask.js: the current agenda item, the question
 * on screen, and "Approved questions" with an "I want to ask this too" button per question
 * (once per phone: the server counts the device cookie; the pressed ids are kept here to show
 * them pressed).
 */
(function (window, document, P) {
  'use strict';
  if (!P || !P.root) { return; }
  var Live = P.Live, T = P.T, t = P.t, store = P.store, SEND_TIMEOUT_MS = P.SEND_TIMEOUT_MS;

  /* ---------- the hall: current agenda item, question on screen, forum status ---------- */

  var nowItem = document.getElementById('now-item');
  var nowScreen = document.getElementById('now-screen');
  var nowScreenText = document.getElementById('now-screen-text');

  /* ---------- approved questions and "I want to ask this too" ---------- */

  var hallSection = document.getElementById('hall');
  var hallList = document.getElementById('hall-list');
  var hallNote = document.getElementById('hall-note');
  var hallNodes = {};
  var hallCounts = {};
  var voting = {};
  var checkIcon = document.getElementById('icon-check');
  checkIcon = checkIcon && checkIcon.content.firstElementChild;

  function upvoted() { return store.get('upvoted', []); }

  function markUpvoted(id, on) {
    var list = upvoted().filter(function (x) { return x !== id; });
    if (on) { list.push(id); }
    store.set('upvoted', list.slice(-500));
  }

  function paintVote(id) {
    var node = hallNodes[id];
    if (!node) { return; }
    var pressed = upvoted().indexOf(id) >= 0;
    var count = hallCounts[id] || 0;
    node.button.textContent = t(T.upvote, { n: count });
    // an inline SVG check mark (no emoji font needed); a second tap undoes
    if (pressed && checkIcon) { node.button.insertBefore(checkIcon.cloneNode(true), node.button.firstChild); }
    node.button.className = 'hall__vote' + (pressed ? ' is-pressed' : '');
    node.button.setAttribute('aria-pressed', pressed ? 'true' : 'false');
    node.button.disabled = !!voting[id];
  }

  function showHallNote(message) {
    hallNote.textContent = message || '';
  }

  function upvote(id) {
    if (voting[id]) { return; }
    var back = upvoted().indexOf(id) >= 0;
    voting[id] = true;
    paintVote(id);
    showHallNote('');
    var xhr = new XMLHttpRequest();
    function done(message) {
      delete voting[id];
      paintVote(id);
      if (message) { showHallNote(message); }
    }
    xhr.open(back ? 'DELETE' : 'POST', hallSection.getAttribute('data-upvote-url').replace(/\/0\/upvote$/, '/' + id + '/upvote'), true);
    // Same origin, so the device cookie goes along: the server counts one upvote per phone.
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.timeout = SEND_TIMEOUT_MS;
    xhr.onload = function () {
      var body = {};
      try { body = JSON.parse(xhr.responseText) || {}; } catch (e) { body = {}; }
      if (xhr.status === 200 || xhr.status === 201) {
        markUpvoted(id, !back);  // a 200 to a POST: backed before; pressed all the same
        if (typeof body.upvotes === 'number') { hallCounts[id] = body.upvotes; }
        done('');
      } else {
        done(body.error || t(T.voteFailed));
      }
    };
    xhr.onerror = function () { done(t(T.voteOffline)); };
    xhr.ontimeout = xhr.onerror;
    xhr.send();
  }

  function hallNode(id) {
    if (hallNodes[id]) { return hallNodes[id]; }
    var li = document.createElement('li');
    li.className = 'hall__item';
    var text = document.createElement('p');
    text.className = 'hall__text';
    var button = document.createElement('button');
    button.type = 'button';
    button.addEventListener('click', function () { upvote(id); });
    li.appendChild(text);
    li.appendChild(button);
    hallNodes[id] = { li: li, text: text, button: button };
    return hallNodes[id];
  }

  /* Questions keep their place once shown, new ones come last: a list that re-sorted itself
     with every upvote in the hall would move under the finger about to tap it. */
  function renderHall(list) {
    var keep = {};
    list.forEach(function (q) {
      keep[q.id] = true;
      var node = hallNode(q.id);
      if (node.text.textContent !== q.text) { node.text.textContent = q.text; }
      hallCounts[q.id] = q.upvotes;
      paintVote(q.id);
      if (!node.li.parentNode) { hallList.appendChild(node.li); }
    });
    for (var id in hallNodes) {
      if (hallNodes.hasOwnProperty(id) && !keep[id]) {
        hallList.removeChild(hallNodes[id].li);
        delete hallNodes[id];
      }
    }
    hallSection.hidden = list.length === 0;
  }

  /* The server-rendered list (no buttons) becomes the live one. */
  function startHall() {
    var items = hallList.querySelectorAll('[data-id]');
    var list = [];
    for (var i = 0; i < items.length; i++) {
      var text = items[i].querySelector('.hall__text');
      list.push({ id: Number(items[i].getAttribute('data-id')), text: text ? text.textContent : '',
                  upvotes: Number(items[i].getAttribute('data-upvotes')) || 0 });
    }
    while (hallList.firstChild) { hallList.removeChild(hallList.firstChild); }
    document.getElementById('hall-hint').hidden = false;
    renderHall(list);
  }

  function onState(state) {
    renderHall(state.hall_questions || []);
    var item = Live.currentItem(state);
    var status = state.forum.status;
    var text = item ? t(T.item, { n: item.position, title: item.title })
      : t(status === 'closed' ? T.closed : T.notStarted);
    Live.setText(nowItem, text);
    if (state.on_screen) {
      Live.setText(nowScreenText, state.on_screen.text);
      nowScreen.hidden = false;
    } else {
      nowScreen.hidden = true;
    }
    showOnScreen(state.on_screen);
    var blocks = document.querySelectorAll('[data-when]');
    for (var i = 0; i < blocks.length; i++) {
      blocks[i].hidden = (' ' + blocks[i].getAttribute('data-when') + ' ').indexOf(' ' + status + ' ') < 0;
    }
  }


  /* ---------- the question on screen: the <details> excerpt, the list's mark ---------- */

  function onScreenAtLoad() {
    var id = Number(hallSection.getAttribute('data-on-screen'));
    return id ? { id: id, text: nowScreenText.textContent } : null;
  }

  function showOnScreen(shown) {
    var id = String(shown ? shown.id : '');
    var excerpt = document.getElementById('now-screen-excerpt');
    if (shown && excerpt.textContent !== shown.text) { excerpt.textContent = shown.text; }
    if (nowScreen.getAttribute('data-id') !== id) { nowScreen.open = false; }
    nowScreen.setAttribute('data-id', id);
    var mark = document.getElementById('on-screen-mark');
    mark = mark.content ? mark.content.firstElementChild : mark.firstElementChild;
    for (var key in hallNodes) {
      if (hallNodes.hasOwnProperty(key)) {
        var li = hallNodes[key].li;
        var here = li.querySelector('.hall__mark');
        li.className = li.className.replace(/ ?hall__item--on-screen/g, '') +
          (key === id ? ' hall__item--on-screen' : '');
        if (key === id && !here) { li.insertBefore(mark.cloneNode(true), li.firstChild); }
        if (key !== id && here) { li.removeChild(here); }
      }
    }
  }

  /* ---------- start ---------- */

  startHall();
  showOnScreen(onScreenAtLoad());
  P.onState = onState;
}(window, document, window.Phone));
