/* Ricerca nella sezione: legge gli indici JSON pubblicati con il sito (cerca/indice/*.json)
   e cerca tra obiettivi, indicatori, monitoraggi e Relazioni. Nessun server, nessuna
   risorsa esterna. Le parole si confrontano senza maiuscole né accenti e con una radice
   italiana semplice (la vocale finale tolta), così «imprese» trova «impresa». */
(function () {
  'use strict';
  var form = document.getElementById('cerca-modulo');
  if (!form || !window.fetch || !String.prototype.normalize) {
    return;
  }
  var root = form.getAttribute('data-radice') || '';
  var files = (form.getAttribute('data-indici') || '').split(' ').filter(Boolean);
  var field = document.getElementById('cerca-campo');
  var status = document.getElementById('cerca-stato');
  var section = document.getElementById('cerca-risultati');
  var list = document.getElementById('cerca-elenco');
  var LIMIT = 200;
  var STOP = {};
  ('a ad al alla alle agli ai all che con da dal dalla dalle dei degli del della delle dello di e ed ' +
    'gli i il in la le lo nel nella nelle negli nei o per su sul sulla tra fra un una uno')
    .split(' ').forEach(function (w) { STOP[w] = true; });
  var TYPES = {
    'area': 'Area strategica',
    'obiettivo-strategico': 'Obiettivo strategico',
    'obiettivo-operativo': 'Obiettivo operativo',
    'obiettivo-individuale': 'Obiettivo individuale',
    'obiettivo-comune': 'Obiettivo comune',
    'indicatore': 'Indicatore',
    'monitoraggio': 'Monitoraggio',
    'relazione': 'Relazione sulla Performance'
  };

  /* La radice di una parola: senza la vocale finale (impresa, imprese -> impres),
     e senza la h dei plurali in -che, -ghe (banche -> banc, come banca). */
  function stem(word) {
    if (word.length <= 3 || /[0-9]/.test(word)) {
      return word;
    }
    return word.replace(/[aeiou]+$/, '').replace(/([cg])h$/, '$1');
  }

  /* Le parole di un testo, in minuscolo, senza accenti né parole vuote; i codici come
     1.6.1 restano interi. */
  function words(text) {
    return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
      .split(/[^a-z0-9.]+/)
      .map(function (w) { return w.replace(/^\.+|\.+$/g, ''); })
      .filter(function (w) { return w && !STOP[w]; })
      .map(stem);
  }

  var loading = null;
  function load() {
    if (!loading) {
      loading = Promise.all(files.map(function (file, order) {
        return fetch(root + file)
          .then(function (r) { return r.ok ? r.json() : null; })
          .catch(function () { return null; })
          .then(function (shard) {
            if (!shard) {
              return [];
            }
            return shard.voci.map(function (v, i) {
              return {
                voce: v,
                etichetta: shard.etichetta,
                ordine: order * 1000000 + i,
                principali: words(v.titolo + ' ' + v.codice),
                altre: words(v.testo || '')
              };
            });
          });
      })).then(function (shards) { return [].concat.apply([], shards); });
    }
    return loading;
  }

  /* Il punteggio di una voce: 0 se una parola della domanda non c'è. */
  function score(entry, query) {
    var total = 0;
    for (var i = 0; i < query.length; i++) {
      var q = query[i];
      var best = 0;
      var groups = [[entry.principali, 3], [entry.altre, 1]];
      for (var g = 0; g < groups.length; g++) {
        var ws = groups[g][0];
        for (var j = 0; j < ws.length; j++) {
          if (ws[j].lastIndexOf(q, 0) === 0) {
            var s = groups[g][1] + (ws[j] === q ? 1 : 0);
            if (s > best) {
              best = s;
            }
          }
        }
      }
      if (!best) {
        return 0;
      }
      total += best;
    }
    return total;
  }

  function detail(text) {
    var span = document.createElement('span');
    span.className = 'cerca-dettaglio';
    span.textContent = text;
    return span;
  }

  function show(text, entries) {
    var query = words(text);
    list.textContent = '';
    if (!query.length) {
      section.hidden = true;
      status.textContent = '';
      return;
    }
    var found = entries
      .map(function (e) { return { e: e, s: score(e, query) }; })
      .filter(function (x) { return x.s > 0; })
      .sort(function (a, b) { return b.s - a.s || a.e.ordine - b.e.ordine; });
    found.slice(0, LIMIT).forEach(function (x) {
      var v = x.e.voce;
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = root + v.url;
      a.textContent = v.titolo;
      li.appendChild(a);
      li.appendChild(detail((TYPES[v.tipo] || '') + (v.codice ? ' ' + v.codice : '') + ' · ' + x.e.etichetta));
      if (v.esito) {
        li.appendChild(detail(v.esito));
      }
      list.appendChild(li);
    });
    section.hidden = found.length === 0;
    var n = found.length;
    var what = n === 0 ? 'Nessun risultato' : n === 1 ? '1 risultato' : n + ' risultati';
    status.textContent = what + ' per «' + text.trim() + '»' +
      (n > LIMIT ? ': sono mostrati i primi ' + LIMIT + ', aggiungere parole per restringere' : '');
  }

  function search(text) {
    if (!words(text).length) {
      show(text, []);
      return;
    }
    status.textContent = 'Ricerca in corso…';
    load().then(function (entries) {
      if (field.value === text) {
        show(text, entries);
      }
    });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var text = field.value;
    if (window.history && history.replaceState) {
      history.replaceState(null, '', '?q=' + encodeURIComponent(text));
    }
    search(text);
  });

  var timer = null;
  field.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () { search(field.value); }, 300);
  });

  var initial = new URLSearchParams(window.location.search).get('q');
  if (initial) {
    field.value = initial;
    search(initial);
  }
}());
