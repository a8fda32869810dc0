/*
 * The last file: the forum's topics (an admin may add some while the console is open), the
 * questions staff type in (letters, calls, the floor), the connection, and the first drawing of
 * the page from what it was rendered with (see common.js for how the console's files share).
 */
(function (window, document, C) {
  'use strict';
  if (!C) { return; }
  var el = C.el, getJSON = C.getJSON, $ = C.$, todayPlus = C.todayPlus, post = C.post;
  var showBanner = C.showBanner, t = C.t, T = C.T, Live = C.Live, root = C.root;

  var filterTopic = $('filter-topic');

  /* ---------- the forum's topics (an admin may add some while the console is open) ---------- */

  function fillTopicFilter() {
    var chosen = filterTopic.value;
    while (filterTopic.options.length > 2) { filterTopic.removeChild(filterTopic.options[2]); }
    C.topics.forEach(function (topic) {
      var option = el('option', null, topic.name);
      option.value = String(topic.id);
      filterTopic.appendChild(option);
    });
    filterTopic.value = chosen;
    if (filterTopic.value !== chosen || !C.topics.length) { filterTopic.value = ''; }
    filterTopic.hidden = !C.topics.length;
  }

  function refreshTopics() {
    getJSON('/topics').then(function (list) {
      if (!list || !list.map) { return; }
      C.topics = list;
      fillTopicFilter();
      C.renderQueue();
    });
  }

  /* ---------- questions typed by staff: letters, calls, the floor ---------- */

  var intakeForm = $('intake-form');
  $('intake-received').value = todayPlus(0);
  intakeForm.addEventListener('submit', function (event) {
    event.preventDefault();
    var body = {
      channel: $('intake-channel').value,
      text: $('intake-text').value,
      name: $('intake-name').value,
      affiliation: $('intake-affiliation').value
    };
    if ($('intake-received').value) { body.received_on = $('intake-received').value; }
    var button = intakeForm.querySelector('button[type="submit"]');
    button.disabled = true;
    post('/questions', body).then(function (result) {
      button.disabled = false;
      if (result.ok) {
        $('intake-text').value = '';
        $('intake-name').value = '';
        $('intake-affiliation').value = '';
        showBanner(t(T.added, { id: result.data.id }), { ok: true });
        $('intake-text').focus();
      }
    });
  });

  /* ---------- connection ---------- */

  var conn = $('conn');
  Live.connect({
    forum: root.getAttribute('data-forum'),
    role: 'staff',
    queue: 'delta',
    seq: Number(root.getAttribute('data-seq')),
    onState: C.onState,
    onQueue: C.onQueue,
    onQueueDelta: C.onQueueDelta,
    onConnect: refreshTopics,
    onConnection: function (connected) {
      conn.textContent = connected ? T.connected : T.reconnecting;
      conn.className = 'conn-pill ' + (connected ? 'conn-pill--ok' : 'conn-pill--wait');
    },
    onRefused: function (data) {
      if (data && data.code === 401) {
        showBanner(T.expired, { link: root.getAttribute('data-login'), linkText: T.loginAgain });
      } else {
        showBanner((data && data.error) || T.refused);
      }
    }
  });

  C.onQueue({ questions: C.questions, order: C.order, next: C.nextId });
  C.onState(C.state);

}(window, document, window.Console));
