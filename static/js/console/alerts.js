/*
 * A new question: a flash, a badge, and a short beep if the sound box is ticked (two notes made
 * here: no sound file to load) (see common.js for how the console's files share).
 */
(function (window, document, C) {
  'use strict';
  if (!C) { return; }
  var $ = C.$, settings = C.settings, plural = C.plural, T = C.T, t = C.t;

  /* ---------- a new question: a flash, a badge, and a short beep if the sound is on ---------- */

  var soundToggle = $('sound-toggle');
  var newAlert = $('new-alert');
  var newAlertLive = $('new-alert-live');
  var alertIds = [];
  var alertTimer = null;
  var audio = null;
  var lastBeep = 0;

  function audioContext() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) { return null; }
    if (!audio) {
      try { audio = new Context(); } catch (e) { return null; }
    }
    if (audio.state === 'suspended' && audio.resume) {
      var resumed = audio.resume();
      if (resumed && resumed.catch) { resumed.catch(function () {}); }
    }
    return audio;
  }

  /* Two short notes, made here: no sound file to load. */
  function beep() {
    if (!audio || audio.state !== 'running' || Date.now() - lastBeep < 1500) { return; }
    lastBeep = Date.now();
    var start = audio.currentTime + 0.01;
    [[880, 0], [1320, 0.16]].forEach(function (note) {
      var osc = audio.createOscillator();
      var gain = audio.createGain();
      var at = start + note[1];
      osc.type = 'sine';
      osc.frequency.value = note[0];
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.25, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.14);
      osc.connect(gain);
      gain.connect(audio.destination);
      osc.start(at);
      osc.stop(at + 0.15);
    });
  }

  /* A browser starts sound only after a click or a key: wake it at the first one. */
  function wakeAudio() {
    document.removeEventListener('keydown', wakeAudio, true);
    document.removeEventListener('pointerdown', wakeAudio, true);
    if (soundToggle.checked) { audioContext(); }
  }

  soundToggle.checked = settings.get('sound', false) === true;
  if (soundToggle.checked) {
    document.addEventListener('keydown', wakeAudio, true);
    document.addEventListener('pointerdown', wakeAudio, true);
  }
  soundToggle.addEventListener('change', function () {
    settings.set('sound', soundToggle.checked);
    if (soundToggle.checked && audioContext()) {
      lastBeep = 0;
      window.setTimeout(beep, 30);  // so the moderator hears what it will sound like
    }
  });

  function newQuestions(ids) {
    alertIds = alertIds.concat(ids);
    var n = alertIds.length;
    newAlert.textContent = plural(T.newCount, n);
    newAlert.setAttribute('aria-label', t(T.newLabel, { text: newAlert.textContent }));
    newAlert.hidden = false;
    newAlert.className = 'new-alert';
    void newAlert.offsetWidth;  // restart the flash
    newAlert.className = 'new-alert is-flashing';
    newAlertLive.textContent = plural(T.newLive, n);
    if (soundToggle.checked) { beep(); }
    window.clearTimeout(alertTimer);
    alertTimer = window.setTimeout(clearNewAlert, 30000);
  }

  function clearNewAlert() {
    window.clearTimeout(alertTimer);
    alertIds = [];
    newAlert.hidden = true;
    newAlertLive.textContent = '';
  }

  newAlert.addEventListener('click', function () {
    var first = alertIds.filter(function (id) { return C.byId[id] && C.byId[id].status === 'new'; })[0];
    clearNewAlert();
    if (first !== undefined) { C.select(first); }
  });

  C.newQuestions = newQuestions;
}(window, document, window.Console));
