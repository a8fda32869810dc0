/* The staff intake form, for typing letters, calls and floor questions fast. The form works
   without this file (a plain POST that comes back with channel and date kept); this adds:
   Ctrl+Enter saves, Alt+1/2/3 switch channel, the text box has the focus, channel and date
   are remembered in this tab, a character count, and no second submit while one is going. */
(function () {
  'use strict';

  var form = document.getElementById('intake-form');
  if (!form) { return; }
  var text = document.getElementById('intake-text');
  var date = document.getElementById('intake-received');
  var count = document.getElementById('intake-count');
  var button = document.getElementById('intake-submit');
  var radios = form.querySelectorAll('input[name="channel"]');
  var storeKey = 'intake:' + form.getAttribute('data-forum');
  var store = null;
  try { store = window.sessionStorage; } catch (e) { store = null; }

  /* The page's words, in the reader's language (rendered by the template; this page does
     not load live.js). */
  var T = {};
  try { T = JSON.parse(document.getElementById('strings').textContent) || {}; } catch (e) { T = {}; }
  function t(text, params) {
    return String(text || '').replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole;
    });
  }

  function channel() {
    for (var i = 0; i < radios.length; i++) { if (radios[i].checked) { return radios[i].value; } }
    return null;
  }

  function setChannel(value) {
    for (var i = 0; i < radios.length; i++) { radios[i].checked = radios[i].value === value; }
  }

  function remember() {
    if (!store) { return; }
    try { store.setItem(storeKey, JSON.stringify({ channel: channel(), date: date.value })); } catch (e) { /* full or private */ }
  }

  /* The server keeps channel and date in the URL after a save; a page opened afresh in this
     tab (from the console, say) takes them from the last entry instead. */
  var params = new URLSearchParams(window.location.search);
  if (store && !params.has('channel') && !form.hasAttribute('data-error')) {
    try {
      var saved = JSON.parse(store.getItem(storeKey) || 'null');
      if (saved && saved.channel) { setChannel(saved.channel); }
      if (saved && saved.date) { date.value = saved.date; }
    } catch (e) { /* ignore a bad entry */ }
  }
  remember();
  form.addEventListener('change', remember);

  function updateCount() {
    var max = Number(text.getAttribute('maxlength')) || 1000;
    count.textContent = t(T.count, { n: text.value.length, max: max });
    count.classList.toggle('intake-count--near', text.value.length > max * 0.9);
  }
  text.addEventListener('input', updateCount);
  updateCount();

  // The text box, or after a refusal the field it was about (the server marks it autofocus).
  var first = form.querySelector('[autofocus]') || text;
  first.focus();
  if (first === text) { text.setSelectionRange(text.value.length, text.value.length); }

  var KEYS = { Digit1: 0, Digit2: 1, Digit3: 2, Numpad1: 0, Numpad2: 1, Numpad3: 2 };
  document.addEventListener('keydown', function (event) {
    if (event.altKey && !event.ctrlKey && !event.metaKey && KEYS.hasOwnProperty(event.code)) {
      var radio = radios[KEYS[event.code]];
      if (radio) {
        event.preventDefault();
        radio.checked = true;
        remember();
      }
      return;
    }
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && form.contains(event.target)) {
      event.preventDefault();
      if (form.requestSubmit) { form.requestSubmit(); } else if (form.reportValidity()) { form.submit(); }
    }
  });

  var sending = false;
  var idle = button.textContent;  // the button's own words, to put back
  form.addEventListener('submit', function (event) {
    if (sending) { event.preventDefault(); return; }
    sending = true;
    remember();
    button.setAttribute('aria-disabled', 'true');
    button.textContent = T.saving || button.textContent;
  });

  // Coming back with the browser's Back button shows the page as it was left: usable again.
  window.addEventListener('pageshow', function (event) {
    if (event.persisted) {
      sending = false;
      button.removeAttribute('aria-disabled');
      button.textContent = idle;
    }
  });
}());
