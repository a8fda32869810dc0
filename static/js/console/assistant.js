/*
 * The moderator's assistant, which only suggests: the words it flags marked in a question's
 * text, the questions a new one may repeat (asked of the server once per question, a few at a
 * time), and the "Groups" view of likely duplicates among the waiting and approved, each merged
 * in one step (see common.js for how the console's files share).
 */
(function (window, document, C) {
  'use strict';
  if (!C) { return; }
  var T = C.T, clear = C.clear, el = C.el, getJSON = C.getJSON, t = C.t;
  var canModerate = C.canModerate, hint = C.hint, $ = C.$, plural = C.plural, labels = C.labels;
  var upvoteText = C.upvoteText, Live = C.Live, post = C.post, showBanner = C.showBanner;

  /* ---------- the assistant: flagged words, likely duplicates, clusters ---------- */

  var A = T.assistant || {};
  var FLAG_LABELS = A.flags || {};
  var MARKABLE = { profanity: true, personal_data: true };

  /* `text` into `node` as text nodes, the flagged spans (code-point offsets, as the server
     counts) in <mark> elements: never HTML made of the question's words. */
  function markedText(node, text, spans) {
    clear(node);
    var chars = Array.from ? Array.from(text) : text.split('');
    var at = 0;
    (spans || []).slice().sort(function (a, b) { return a.start - b.start || a.end - b.end; })
      .forEach(function (span) {
        if (!MARKABLE[span.kind] || span.start < at || span.end > chars.length || span.end <= span.start) { return; }
        if (span.start > at) { node.appendChild(document.createTextNode(chars.slice(at, span.start).join(''))); }
        var mark = el('mark', 'flagged flagged--' + span.kind, chars.slice(span.start, span.end).join(''));
        mark.title = FLAG_LABELS[span.kind] || '';
        node.appendChild(mark);
        at = span.end;
      });
    if (at < chars.length) { node.appendChild(document.createTextNode(chars.slice(at).join(''))); }
  }

  /* What /similar said of each new question ({likely: [ids], topic}), asked once per question:
     the cards drawn ask, at most SIMILAR_AT_ONCE requests are out at a time, the rest wait. */
  var SIMILAR_AT_ONCE = 2;
  var similarOf = {};
  var similarAsked = {};
  var similarWaiting = [];
  var similarOut = 0;
  var similarThen = {};

  function wantSimilar(id, then) {
    if (then) {
      if (similarOf[id]) { then(similarOf[id]); return; }
      (similarThen[id] = similarThen[id] || []).push(then);
    }
    if (similarAsked[id]) {
      if (then && similarWaiting.indexOf(id) > 0) {  // the moderator waits for it: ask it next
        similarWaiting.splice(similarWaiting.indexOf(id), 1);
        similarWaiting.unshift(id);
      }
      return;
    }
    similarAsked[id] = true;
    if (then) { similarWaiting.unshift(id); } else { similarWaiting.push(id); }
    window.setTimeout(pumpSimilar, 0);
  }

  function pumpSimilar() {
    while (similarOut < SIMILAR_AT_ONCE && similarWaiting.length) {
      askSimilar(similarWaiting.shift());
    }
  }

  function askSimilar(id) {
    if (!C.byId[id] || (C.byId[id].status !== 'new' && !similarThen[id])) {
      delete similarAsked[id];  // gone or screened meanwhile: no one needs it now
      return;
    }
    similarOut++;
    getJSON('/questions/' + id + '/similar').then(function (data) {
      similarOut--;
      if (data && data.similar) {
        similarOf[id] = {
          likely: data.similar.filter(function (s) { return s.likely; }).map(function (s) { return s.id; }),
          topic: data.topic === undefined ? null : data.topic
        };
        showSimilar(id);
        // a question asked earlier learns of this later one without asking again
        similarOf[id].likely.forEach(function (other) {
          var theirs = similarOf[other];
          if (theirs && theirs.likely.indexOf(id) < 0) { theirs.likely.push(id); showSimilar(other); }
        });
      } else {
        delete similarAsked[id];  // offline or refused: asked again when the card is drawn again
      }
      var waiting = similarThen[id] || [];
      delete similarThen[id];
      waiting.forEach(function (then) { then(similarOf[id] || { likely: [], topic: null }); });
      pumpSimilar();
    });
  }

  /* The likely duplicates of `id` that may still be merged into, best first. */
  function likelyOf(id) {
    var found = similarOf[id];
    if (!found) { return []; }
    return found.likely.filter(function (other) {
      return C.byId[other] && C.byId[other].status !== 'merged' && C.byId[other].status !== 'rejected';
    });
  }

  /* "may duplicate #12, #40": each number selects that question. */
  function similarHint(q) {
    var ids = likelyOf(q.id);
    if (!ids.length) { return null; }
    var box = el('p', 'qcard__similar');
    box.appendChild(el('span', 'qcard__similar-label', A.maybeSame));
    ids.slice(0, 4).forEach(function (id, i) {
      if (i) { box.appendChild(document.createTextNode(', ')); }
      var b = el('button', 'qcard__similar-id', '#' + id);
      b.type = 'button';
      b.setAttribute('data-action', 'goto');
      b.setAttribute('data-id', q.id);
      b.setAttribute('data-target', id);
      b.title = t(A.gotoTitle, { id: id });
      box.appendChild(b);
    });
    if (canModerate) {
      var key = el('span', 'qcard__similar-key');
      key.appendChild(el('kbd', null, 'M'));
      key.appendChild(document.createTextNode(' ' + A.mergeKey));
      box.appendChild(key);
    }
    return box;
  }

  /* The answer came: put the hint on the card as it is, without drawing the queue again. */
  function showSimilar(id) {
    var node = document.querySelector('#queue .qcard[data-id="' + id + '"]');
    var q = C.byId[id];
    if (!node || !q || q.status !== 'new') { return; }
    var old = node.querySelector('.qcard__similar');
    var hintNode = similarHint(q);
    if (old) { node.removeChild(old); }
    if (hintNode) { node.insertBefore(hintNode, node.querySelector('.qcard__text').nextSibling); }
    if (groupsOn) { renderGroups(); }
  }

  /* Select a question named in a hint: open its folded group, say so if a filter hides it. */
  function goTo(id) {
    var node = document.querySelector('#queue .qcard[data-id="' + id + '"]');
    if (node) {
      var folded = node.closest('details');
      if (folded && !folded.open) { folded.open = true; }
    }
    if (!node || node.offsetParent === null) {
      if (groupsOn) { setGroups(false); return goTo(id); }
      hint(t(A.hiddenByFilter, { id: id }));
      return;
    }
    C.select(id);
  }

  /* ----- the "Groups" view: clusters of likely duplicates among the waiting and approved ----- */

  var groupsToggle = $('groups-toggle');
  var groupsView = $('groups');
  var groupsOn = false;
  var groupsData = [];
  var groupsOut = false;
  var groupsAgain = false;

  function setGroups(on) {
    groupsOn = on;
    groupsToggle.setAttribute('aria-pressed', on ? 'true' : 'false');
    groupsView.hidden = !on;
    $('queue-cols').hidden = on;
    if (on) { loadGroups(); }
  }

  /* One request at a time; a push meanwhile asks once more when it is back. */
  function loadGroups() {
    if (!groupsOn) { return; }
    if (groupsOut) { groupsAgain = true; return; }
    groupsOut = true;
    getJSON('/questions/groups').then(function (data) {
      groupsOut = false;
      if (data && data.groups) { groupsData = data.groups; }
      renderGroups(!data);
      if (groupsAgain) { groupsAgain = false; loadGroups(); }
    });
  }

  /* The question a cluster is merged into: an approved one if there is one (an approved
     question is not merged away), the most backed, then the oldest. */
  function clusterTarget(members) {
    var approved = members.filter(function (q) { return q.status !== 'new'; });
    return (approved.length ? approved : members).slice().sort(function (a, b) {
      return (b.upvotes || 0) - (a.upvotes || 0) || a.id - b.id;
    })[0];
  }

  function renderGroups(failed) {
    var list = $('groups-list');
    clear(list);
    var shown = 0;
    groupsData.forEach(function (group) {
      var members = group.ids.map(function (id) { return C.byId[id]; }).filter(function (q) {
        return q && (q.status === 'new' || q.status === 'queued');
      });
      if (members.length < 2) { return; }
      shown++;
      var into = clusterTarget(members);
      var mergeable = members.filter(function (q) { return q.status === 'new' && q.id !== into.id; });
      var box = el('section', 'cluster');
      box.setAttribute('data-into', into.id);
      var head = el('div', 'cluster__head');
      var title = el('h3', 'cluster__label', group.label || A.noLabel);
      head.appendChild(title);
      head.appendChild(el('span', 'count', plural(A.clusterCount, members.length)));
      if (canModerate && mergeable.length) {
        var merge = el('button', 'button button--primary button--small cluster__merge',
          plural(A.mergeCluster, mergeable.length, { id: into.id }));
        merge.type = 'button';
        merge.setAttribute('data-merge-into', into.id);
        merge.setAttribute('data-merge-ids', mergeable.map(function (q) { return q.id; }).join(','));
        head.appendChild(merge);
      }
      box.appendChild(head);
      var rows = el('ul', 'cluster__list');
      members.forEach(function (q) {
        var row = el('li', 'cluster__item' + (q.id === into.id ? ' cluster__item--into' : ''));
        var meta = el('p', 'qcard__meta');
        var goto = el('button', 'qcard__similar-id', '#' + q.id);
        goto.type = 'button';
        goto.setAttribute('data-goto', q.id);
        goto.title = t(A.gotoTitle, { id: q.id });
        meta.appendChild(goto);
        meta.appendChild(el('span', null, labels.status[q.status] || q.status));
        if (q.upvotes) { meta.appendChild(el('span', 'qcard__votes', upvoteText(q.upvotes))); }
        if (q.id === into.id && mergeable.length) { meta.appendChild(el('span', 'qcard__tag', A.keeps)); }
        (q.flags || []).forEach(function (kind) {
          if (FLAG_LABELS[kind]) { meta.appendChild(el('span', 'qcard__tag qcard__flag qcard__flag--' + kind, FLAG_LABELS[kind])); }
        });
        row.appendChild(meta);
        var text = el('p', 'qcard__text');
        markedText(text, q.text, q.flag_spans);
        row.appendChild(text);
        rows.appendChild(row);
      });
      box.appendChild(rows);
      list.appendChild(box);
    });
    $('groups-empty').hidden = shown > 0;
    Live.setText($('groups-empty'), failed ? T.offline : A.noClusters);
  }

  function mergeCluster(button) {
    var into = Number(button.getAttribute('data-merge-into'));
    var ids = button.getAttribute('data-merge-ids').split(',').map(Number);
    button.disabled = true;
    post('/questions/' + into + '/merge-many', { ids: ids }).then(function (result) {
      button.disabled = false;
      if (result.ok) {
        showBanner(plural(A.merged, ids.length, { id: into }), { ok: true });
        loadGroups();
      }
    });
  }

  groupsToggle.addEventListener('click', function () { setGroups(!groupsOn); });
  groupsView.addEventListener('click', function (event) {
    var target = event.target.closest ? event.target.closest('button') : null;
    if (!target) { return; }
    if (target.getAttribute('data-merge-into')) { mergeCluster(target); }
    if (target.getAttribute('data-goto')) {
      setGroups(false);
      goTo(Number(target.getAttribute('data-goto')));
    }
  });

  C.markedText = markedText;
  C.wantSimilar = wantSimilar;
  C.similarHint = similarHint;
  C.likelyOf = likelyOf;
  C.similarOf = similarOf;
  C.goTo = goTo;
  C.loadGroups = loadGroups;
  C.FLAG_LABELS = FLAG_LABELS;
}(window, document, window.Console));
