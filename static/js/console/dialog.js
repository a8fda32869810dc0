/*
 * The dialog an action opens when it needs something first (a note, a unit and a due date, the
 * new text, the question to merge into, the topics), and the help overlay of the keys (see
 * common.js for how the console's files share).
 */
(function (window, document, C) {
  'use strict';
  if (!C) { return; }
  var $ = C.$, T = C.T, Live = C.Live, todayPlus = C.todayPlus, t = C.t, clear = C.clear, el = C.el;
  var labels = C.labels, shorten = C.shorten, act = C.act;

  var A = T.assistant || {};

  /* ---------- the dialog ---------- */

  var modal = $('modal');
  var modalForm = $('modal-form');
  var dialog = null;
  var fieldsByAction = {
    answer: ['note'], defer: ['assignee_id', 'due', 'referred_to'], edit: ['text'], merge: ['into'],
    assign: ['assignee_id', 'prep_due'], topics: ['topic_ids']
  };
  var titles = T.dialogTitles || {};
  var submits = T.dialogSubmits || {};

  var modalReturn = null;

  function openDialog(q, action) {
    if (modal.hidden) { modalReturn = document.activeElement; }
    C.dialog = { q: q, action: action, version: q.version };
    var written = action === 'answer' && q.status === 'deferred';
    Live.setText($('modal-title'), '#' + q.id + ' · ' + (written ? titles.written : titles[action]));
    Live.setText($('modal-question'), q.text);
    Live.setText($('modal-note-label'), written ? T.noteWritten : T.noteSpoken);
    $('modal-stale').hidden = true;
    $('modal-error').hidden = true;
    Live.setText($('modal-submit'), submits[action]);
    var shown = fieldsByAction[action];
    var fields = modalForm.querySelectorAll('[data-field]');
    for (var i = 0; i < fields.length; i++) {
      fields[i].hidden = shown.indexOf(fields[i].getAttribute('data-field')) < 0;
    }
    $('modal-note').value = q.answer_note || '';
    $('modal-text').value = q.text;
    $('modal-assignee').value = q.assignee ? String(q.assignee.id) : '';
    $('modal-due').value = q.due || todayPlus(15);
    $('modal-referred').value = q.referred_to || '';
    $('modal-prep-due').value = q.prepare_by || '';
    if (action === 'merge') { fillMergeTargets(q); }
    if (action === 'topics') { fillTopics(q); }
    modal.hidden = false;
    var first = modalForm.querySelector('[data-field]:not([hidden]) textarea, [data-field]:not([hidden]) select, [data-field]:not([hidden]) input');
    if (first) { first.focus(); }
    if (action === 'merge' || (action === 'topics' && !(q.topics || []).length && C.topics.length)) {
      var opened = C.dialog;
      C.wantSimilar(q.id, function () {
        if (C.dialog !== opened) { return; }  // closed, or another dialog since
        if (action === 'merge') { suggestInto(q); } else { suggestTopic(q); }
      });
    }
  }

  /* The likeliest duplicate chosen as the target (unless the moderator chose one already),
     the submit button focused: Enter merges. */
  function suggestInto(q) {
    var select = $('modal-into');
    var likely = C.likelyOf(q.id).filter(function (id) { return select.querySelector('option[value="' + id + '"]'); });
    var note = $('modal-into-hint');
    if (!likely.length || select.value) { note.hidden = true; return; }
    likely.slice().reverse().forEach(function (id) {  // the likely ones first, best on top
      var option = select.querySelector('option[value="' + id + '"]');
      Live.setText(option, option.textContent.replace(/^(#\d+)/, '$1 · ' + A.likelyOption));
      select.insertBefore(option, select.options[1] || null);
    });
    select.value = String(likely[0]);
    Live.setText(note, t(A.intoChosen, { id: likely[0] }));
    note.hidden = false;
    $('modal-submit').focus();
  }

  /* The suggested topic ticked on a question that has none: the moderator confirms (Save). */
  function suggestTopic(q) {
    var found = C.similarOf[q.id];
    var note = $('modal-topics-hint');
    var box = found && found.topic !== null ? $('modal-topics').querySelector('input[value="' + found.topic + '"]') : null;
    var ticked = $('modal-topics').querySelector('input:checked');
    if (!box || ticked) { note.hidden = true; return; }
    box.checked = true;
    box.parentNode.className += ' topic-pick--suggested';
    var topic = C.topics.filter(function (x) { return x.id === found.topic; })[0];
    Live.setText(note, t(A.topicChosen, { name: topic ? topic.name : '' }));
    note.hidden = false;
    $('modal-submit').focus();
  }

  function fillMergeTargets(q) {
    var select = $('modal-into');
    clear(select);
    select.appendChild(el('option', null, '— ' + T.chooseQuestion + ' —')).value = '';
    C.questions.forEach(function (other) {
      if (other.id === q.id || other.status === 'merged' || other.status === 'rejected') { return; }
      var option = el('option', null, '#' + other.id + ' · ' + (labels.status[other.status] || other.status) +
        ' · ' + shorten(other.text, 90));
      option.value = String(other.id);
      select.appendChild(option);
    });
    $('modal-into-hint').hidden = true;
  }

  /* One checkbox per topic of the forum, ticked for the question's own. */
  function fillTopics(q) {
    var list = $('modal-topics');
    var mine = {};
    (q.topics || []).forEach(function (topic) { mine[topic.id] = true; });
    clear(list);
    C.topics.forEach(function (topic) {
      var label = el('label', 'topic-pick');
      var box = el('input');
      box.type = 'checkbox';
      box.name = 'topic_ids';
      box.value = String(topic.id);
      box.checked = !!mine[topic.id];
      label.appendChild(box);
      label.appendChild(document.createTextNode(' ' + topic.name));
      list.appendChild(label);
    });
    $('modal-topics-empty').hidden = C.topics.length > 0;
    $('modal-topics-hint').hidden = true;
  }

  function dialogError(message) {
    var box = $('modal-error');
    box.textContent = message;
    box.hidden = !message;
  }

  function closeDialog() {
    modal.hidden = true;
    C.dialog = null;
    restoreFocus(modalReturn);
    modalReturn = null;
  }

  /* Back to where the dialog was opened from, if that is still on the page. */
  function restoreFocus(node) {
    if (node && node.focus && node !== document.body && document.body.contains(node)) { node.focus(); }
  }

  /* Another moderator changed the question under an open dialog: say so (saving will be refused). */
  function checkDialog() {
    if (!C.dialog) { return; }
    var now = C.byId[C.dialog.q.id];
    if (!now || now.version !== C.dialog.version) { $('modal-stale').hidden = false; }
  }

  modalForm.addEventListener('submit', function (event) {
    event.preventDefault();
    if (!C.dialog) { return; }
    var action = C.dialog.action;
    var extra = {};
    if (action === 'answer') { extra.note = $('modal-note').value; }
    if (action === 'edit') {
      extra.text = $('modal-text').value;
      if (!extra.text.replace(/\s+/g, '')) { dialogError(T.emptyText); return; }
    }
    if (action === 'assign' || action === 'defer') {
      var value = $('modal-assignee').value;
      extra.assignee_id = value ? Number(value) : null;
    }
    if (action === 'assign') {
      var prepDue = $('modal-prep-due').value;
      if (prepDue && prepDue !== (C.dialog.q.prepare_by || '')) { extra.prepare_by = prepDue; }
    }
    if (action === 'topics') {
      var boxes = $('modal-topics').querySelectorAll('input[type="checkbox"]');
      extra.topic_ids = [];
      for (var b = 0; b < boxes.length; b++) {
        if (boxes[b].checked) { extra.topic_ids.push(Number(boxes[b].value)); }
      }
    }
    if (action === 'defer') {
      extra.due = $('modal-due').value || null;
      extra.referred_to = $('modal-referred').value.replace(/^\s+|\s+$/g, '');
      if (!extra.referred_to) {
        if (!extra.assignee_id) { dialogError(T.needAssignee); return; }
        if (!extra.due) { dialogError(T.needDue); return; }
      }
    }
    if (action === 'merge') {
      if (!$('modal-into').value) { dialogError(T.needInto); return; }
      extra.into = Number($('modal-into').value);
    }
    var q = { id: C.dialog.q.id, version: C.dialog.version };
    $('modal-submit').disabled = true;
    act(q, action, extra).then(function (ok) {
      $('modal-submit').disabled = false;
      if (ok) { closeDialog(); }
    });
  });
  $('modal-cancel').addEventListener('click', closeDialog);
  $('modal-refresh').addEventListener('click', function () {
    if (C.dialog && C.byId[C.dialog.q.id]) { openDialog(C.byId[C.dialog.q.id], C.dialog.action); }
  });
  document.addEventListener('keydown', function (event) {
    if ((event.key === 'Escape' || event.key === 'Esc') && !modal.hidden) { closeDialog(); }
  });

  /* ---------- the help overlay ---------- */

  var help = $('help');
  var helpReturn = null;

  function openHelp() {
    if (!help.hidden) { return; }
    helpReturn = document.activeElement;
    help.hidden = false;
    $('help-close').focus();
  }

  function closeHelp() {
    help.hidden = true;
    restoreFocus(helpReturn);
    helpReturn = null;
  }

  $('help-open').addEventListener('click', openHelp);
  $('help-close').addEventListener('click', closeHelp);
  help.addEventListener('click', function (event) { if (event.target === help) { closeHelp(); } });

  /* Tab stays inside an open dialog. */
  function trapTab(event) {
    var box = !help.hidden ? help : (!modal.hidden ? modal : null);
    if (!box) { return; }
    var nodes = Array.prototype.filter.call(
      box.querySelectorAll('button, [href], input, select, textarea, summary, [tabindex]:not([tabindex="-1"])'),
      function (node) { return !node.disabled && node.offsetParent !== null; });
    if (!nodes.length) { return; }
    var first = nodes[0];
    var last = nodes[nodes.length - 1];
    var inside = box.contains(document.activeElement);
    if (event.shiftKey && (!inside || document.activeElement === first)) {
      last.focus();
      event.preventDefault();
    } else if (!event.shiftKey && (!inside || document.activeElement === last)) {
      first.focus();
      event.preventDefault();
    }
  }

  C.openDialog = openDialog;
  C.checkDialog = checkDialog;
  C.dialogError = dialogError;
  C.openHelp = openHelp;
  C.closeHelp = closeHelp;
  C.trapTab = trapTab;
}(window, document, window.Console));
