/*
 * The attendee's phone. Without these files the form posts and the server answers with the
 * confirmation page. With them, a question is first kept in localStorage, then sent to the JSON
 * API with its own client_key; if the network fails it stays pending and is sent again with
 * the same key (so never twice), on 'online', on reconnect and every 10 s. "My questions"
 * follows each question's status over Socket.IO ('questions.watch' -> 'mine').
 * The confirmation page loads this file only; the question page also loads hall.js (the hall's
 * state, "I want to ask this too"), which reads window.Phone.
 * Its words come from the page's `strings` block (templates/questions/phone/_strings.html), in the
 * reader's language. Plain ES5 with XMLHttpRequest: old Android browsers run it.
 */
(function (window, document) {
  'use strict';

  var RETRY_MS = 10000;
  var SEND_TIMEOUT_MS = 20000;
  var MAX_TEXT = 1000;

  var root = document.getElementById('attendee');
  var sentNode = document.getElementById('sent');
  var page = root || sentNode;
  if (!page || !window.JSON || !window.XMLHttpRequest) { return; }

  var Live = window.ForumLive;
  var forum = page.getAttribute('data-forum');
  /* The page's words and labels; without live.js (it failed to load) the form still sends,
     so they are read here. */
  var labels = readJson('phone-labels');
  var T = Live ? Live.strings() : readJson('strings');
  var t = Live ? Live.t : function (text, params) {
    return String(text === undefined ? '' : text).replace(/\{(\w+)\}/g, function (whole, name) {
      return params && params.hasOwnProperty(name) ? String(params[name]) : whole;
    });
  };
  var store = makeStore('forum-live:' + forum + ':');
  var socket = null;
  /* What hall.js reads; it adds onState. */
  var P = window.Phone = { Live: Live, T: T, t: t, store: store, root: root,
                           SEND_TIMEOUT_MS: SEND_TIMEOUT_MS };

  function readJson(id) {
    var node = document.getElementById(id);
    try { return (node && JSON.parse(node.textContent)) || {}; } catch (e) { return {}; }
  }

  /* ---------- storage: pending questions, my questions, the asker's name, a draft ---------- */

  function makeStore(prefix) {
    var ok = false;
    try {
      window.localStorage.setItem(prefix + 'test', '1');
      window.localStorage.removeItem(prefix + 'test');
      ok = true;
    } catch (e) { ok = false; }
    var memory = {};
    return {
      usable: ok,
      get: function (key, fallback) {
        var raw = null;
        try { raw = ok ? window.localStorage.getItem(prefix + key) : memory[key]; } catch (e) { raw = null; }
        if (raw === null || raw === undefined) { return fallback; }
        try { return JSON.parse(raw); } catch (e) { return fallback; }
      },
      set: function (key, value) {
        var raw = JSON.stringify(value);
        try {
          if (ok) { window.localStorage.setItem(prefix + key, raw); } else { memory[key] = raw; }
        } catch (e) { memory[key] = raw; }
      }
    };
  }

  function pending() { return store.get('pending', []); }
  function mine() { return store.get('mine', []); }

  function newKey() {
    var bytes = new Uint8Array(16);
    var cryptoObj = window.crypto || window.msCrypto;
    if (cryptoObj && cryptoObj.getRandomValues) {
      cryptoObj.getRandomValues(bytes);
    } else {
      for (var i = 0; i < bytes.length; i++) { bytes[i] = Math.floor(Math.random() * 256); }
    }
    var hex = '';
    for (var j = 0; j < bytes.length; j++) { hex += (bytes[j] < 16 ? '0' : '') + bytes[j].toString(16); }
    return hex;
  }

  function remember(question) {
    // Newest first; one entry per client_key.
    var list = mine().filter(function (q) { return q.client_key !== question.client_key; });
    list.unshift(question);
    store.set('mine', list.slice(0, 50));
  }

  function dropPending(key) {
    store.set('pending', pending().filter(function (q) { return q.client_key !== key; }));
  }

  /* ---------- the confirmation page (reached without this script): note the question ---------- */

  if (sentNode) {
    var sentKey = sentNode.getAttribute('data-client-key');
    if (sentKey) {
      var known = mine().filter(function (q) { return q.client_key === sentKey; })[0];
      remember({
        client_key: sentKey,
        id: Number(sentNode.getAttribute('data-id')),
        text: sentNode.getAttribute('data-text') || (known && known.text) || '',
        status: sentNode.getAttribute('data-status'),
        receipt: sentNode.getAttribute('data-receipt') || (known && known.receipt) || '',
        at: (known && known.at) || Date.now()
      });
    }
    connectLive();
    return;
  }

  /* ---------- the question page ---------- */

  var formEl = document.getElementById('ask-form');
  var textEl = document.getElementById('q-text');
  var nameEl = document.getElementById('q-name');
  var affiliationEl = document.getElementById('q-affiliation');
  var submitEl = document.getElementById('ask-submit');
  var errorEl = document.getElementById('ask-error');
  var infoEl = document.getElementById('ask-info');
  var countEl = document.getElementById('q-text-count');
  var mineSection = document.getElementById('mine');
  var mineList = document.getElementById('mine-list');
  var sending = {};

  /* The error (role=alert) and the info (role=status) stay on the page, empty when there is
     nothing to say (CSS folds them): a screen reader reads what is written into them. */
  function showError(message) {
    infoEl.textContent = '';
    errorEl.textContent = message;
    errorEl.hidden = false;
  }

  function showInfo(message, kind) {
    if (message) { errorEl.textContent = ''; }
    infoEl.className = 'notice' + (kind ? ' notice--' + kind : '');
    infoEl.textContent = message;
    infoEl.hidden = false;
  }

  function updateCount() {
    var left = MAX_TEXT - textEl.value.length;
    countEl.textContent = t(T.left, { n: left });
    countEl.className = 'counter' + (left <= 100 ? ' counter--near' : '');
  }

  function markInvalid(field) {
    var fields = { text: textEl, name: nameEl, affiliation: affiliationEl };
    for (var key in fields) {
      if (fields.hasOwnProperty(key)) {
        if (key === field) { fields[key].setAttribute('aria-invalid', 'true'); } else { fields[key].removeAttribute('aria-invalid'); }
      }
    }
    if (fields[field]) { fields[field].focus(); }
  }

  function statusLabel(status) {
    return labels[status] || status || '';
  }

  function renderMine() {
    var items = [];
    pending().forEach(function (q) { items.push({ text: q.text, label: t(T.pending), css: 'sending' }); });
    mine().forEach(function (q) {
      items.push({ text: q.text, label: statusLabel(q.status), css: q.status, receipt: q.receipt });
    });
    while (mineList.firstChild) { mineList.removeChild(mineList.firstChild); }
    items.forEach(function (item) {
      var li = document.createElement('li');
      li.className = 'mine__item';
      var text = document.createElement('p');
      text.className = 'mine__text';
      text.textContent = item.text;
      var status = document.createElement('p');
      status.className = 'mine__status';
      var badge = document.createElement('span');
      badge.className = 'badge badge--' + item.css;
      badge.textContent = item.label;
      status.appendChild(badge);
      li.appendChild(text);
      li.appendChild(status);
      if (item.receipt) { li.appendChild(receiptLine(item.receipt)); }
      mineList.appendChild(li);
    });
    mineSection.hidden = items.length === 0;
  }

  /* The receipt to write down ("ABCDE-FGHJK") and a link to its page. */
  function receiptLine(receipt) {
    var line = document.createElement('p');
    line.className = 'mine__receipt';
    var code = document.createElement('strong');
    code.className = 'receipt-code';
    code.textContent = receipt.slice(0, 5) + '-' + receipt.slice(5);
    line.appendChild(document.createTextNode(t(T.receipt) + ' '));
    line.appendChild(code);
    var base = page.getAttribute('data-receipt-base');
    if (base) {
      var link = document.createElement('a');
      link.href = base + encodeURIComponent(receipt);
      link.textContent = t(T.receiptLink);
      line.appendChild(document.createTextNode(' · '));
      line.appendChild(link);
    }
    return line;
  }

  /* Sends one stored question. `done(outcome)`: 'sent', 'refused' or 'offline'. */
  function send(question, done) {
    if (sending[question.client_key]) { return; }
    sending[question.client_key] = true;
    var xhr = new XMLHttpRequest();
    var finished = false;
    function finish(outcome, body) {
      if (finished) { return; }
      finished = true;
      delete sending[question.client_key];
      done(outcome, body || {});
    }
    xhr.open('POST', page.getAttribute('data-submit-url'), true);
    xhr.setRequestHeader('Content-Type', 'application/json');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.timeout = SEND_TIMEOUT_MS;
    xhr.onload = function () {
      var body = {};
      try { body = JSON.parse(xhr.responseText) || {}; } catch (e) { body = {}; }
      if (xhr.status === 200 || xhr.status === 201) {
        dropPending(question.client_key);
        remember({ client_key: question.client_key, id: body.id, text: question.text,
                   status: body.status || 'new', receipt: body.receipt || '', at: question.at });
        finish('sent', body);
      } else if (xhr.status >= 400 && xhr.status < 500 && xhr.status !== 429) {
        // The server read it and said no (bad input, forum closed): not sent. Too many (429)
        // says nothing of the question: it stays kept and goes again later, like offline.
        dropPending(question.client_key);
        finish('refused', body);
      } else {
        finish('offline', body);  // a proxy or a restarting server: try again later
      }
    };
    xhr.onerror = function () { finish('offline'); };
    xhr.ontimeout = function () { finish('offline'); };
    xhr.send(JSON.stringify({
      text: question.text,
      name: question.name || '',
      affiliation: question.affiliation || '',
      client_key: question.client_key
    }));
  }

  function watch() {
    if (!socket || !socket.connected) { return; }
    var keys = mine().map(function (q) { return q.client_key; });
    if (keys.length) { socket.emit('questions.watch', { keys: keys }); }
  }

  function refused(question, body) {
    var message = body.error || t(T.failed);
    // Give the words back so nothing typed is lost.
    if (!textEl.value) {
      textEl.value = question.text;
      updateCount();
    }
    showError(message);
    if (body.field) { markInvalid(body.field); }
  }

  function retryPending() {
    pending().forEach(function (question) {
      send(question, function (outcome, body) {
        if (outcome === 'sent') {
          if (!pending().length) { showInfo(t(T.flushed), 'ok'); }
          watch();
        } else if (outcome === 'refused') {
          refused(question, body);
        }
        renderMine();
      });
    });
  }

  function onSubmit(event) {
    event.preventDefault();
    var text = textEl.value.replace(/^\s+|\s+$/g, '');
    if (!text) {
      showError(t(T.empty));
      markInvalid('text');
      return;
    }
    var question = {
      client_key: newKey(),
      text: text,
      name: nameEl.value.replace(/^\s+|\s+$/g, ''),
      affiliation: affiliationEl.value.replace(/^\s+|\s+$/g, ''),
      at: Date.now()
    };
    // Kept before sending: a phone that sleeps or loses Wi-Fi now still has it.
    var list = pending();
    list.push(question);
    store.set('pending', list);
    store.set('asker', { name: question.name, affiliation: question.affiliation });
    markInvalid(null);
    showError('');
    showInfo(t(T.sending));
    submitEl.disabled = true;
    renderMine();

    send(question, function (outcome, body) {
      submitEl.disabled = false;
      if (outcome === 'sent') {
        textEl.value = '';
        store.set('draft', '');
        updateCount();
        showInfo(t(T.sent), 'ok');
        watch();
      } else if (outcome === 'refused') {
        showInfo('');
        showError(body.error || t(T.failed));
        if (body.field) { markInvalid(body.field); }
      } else {
        // Safe in this phone: clear the box so it is not typed and sent twice.
        textEl.value = '';
        store.set('draft', '');
        updateCount();
        showInfo(t(T.waiting), 'warn');
      }
      renderMine();
    });
  }


  function onMine(statuses) {
    if (!statuses || !statuses.length) { return; }
    var list = mine();
    var changed = false;
    var news = [];
    statuses.forEach(function (update) {
      list.forEach(function (q) {
        if (q.client_key === update.client_key && update.receipt && !q.receipt) {
          q.receipt = update.receipt;  // kept before receipts existed: the server has one
          changed = true;
        }
        if (q.client_key === update.client_key && q.status !== update.status) {
          q.status = update.status;
          q.id = update.id;
          changed = true;
          var text = q.text.length > 60 ? q.text.slice(0, 59) + '…' : q.text;
          news.push(t(T.news, { text: text, status: statusLabel(q.status) }));
        }
      });
    });
    if (changed) { store.set('mine', list); }
    // Said to a screen reader: the list itself is redrawn whole, and is not a live region.
    var mineLive = document.getElementById('mine-live');
    if (mineLive && news.length) { mineLive.textContent = news.join(' '); }
    if (mineList) { renderMine(); }
    updateSentStatus(list);
  }

  /* The confirmation page shows one question's status; keep it current too. */
  function updateSentStatus(list) {
    var node = document.getElementById('sent-status');
    if (!node || !sentNode) { return; }
    var key = sentNode.getAttribute('data-client-key');
    list.forEach(function (q) {
      if (q.client_key === key) {
        Live.setText(node, statusLabel(q.status));
        node.className = 'badge badge--' + q.status;
      }
    });
  }

  function connectLive() {
    if (!Live) { return; }
    socket = Live.connect({
      forum: forum,
      role: 'phone',
      seq: Number(page.getAttribute('data-seq')),
      onState: function (state) { if (P.onState) { P.onState(state); } },
      onMine: onMine,
      onConnect: function () {
        watch();
        if (root) { retryPending(); }
      }
    });
  }

  /* ---------- start ---------- */

  var asker = store.get('asker', null);
  if (asker) {
    if (!nameEl.value && asker.name) { nameEl.value = asker.name; }
    if (!affiliationEl.value && asker.affiliation) { affiliationEl.value = asker.affiliation; }
  }
  if (!textEl.value) { textEl.value = store.get('draft', '') || ''; }
  textEl.addEventListener('input', function () {
    updateCount();
    store.set('draft', textEl.value);
    if (textEl.getAttribute('aria-invalid')) { textEl.removeAttribute('aria-invalid'); }
  });
  function rememberAsker() {
    store.set('asker', { name: nameEl.value, affiliation: affiliationEl.value });
  }
  nameEl.addEventListener('input', rememberAsker);
  affiliationEl.addEventListener('input', rememberAsker);
  updateCount();
  formEl.addEventListener('submit', onSubmit);
  renderMine();
  if (pending().length) {
    showInfo(t(T.waiting), 'warn');
  }
  window.addEventListener('online', retryPending);
  window.setInterval(function () { if (pending().length) { retryPending(); } }, RETRY_MS);
  connectLive();
  retryPending();
  keepInView(infoEl);
  keepInView(errorEl);

  /* The form's answer, scrolled into view when written (it sits below the Send button). */
  function keepInView(node) {
    if (!window.MutationObserver || !node.scrollIntoView) { return; }
    new window.MutationObserver(function () {
      if (node.textContent) { node.scrollIntoView({ block: 'nearest' }); }
    }).observe(node, { childList: true, characterData: true, subtree: true });
  }
}(window, document));
