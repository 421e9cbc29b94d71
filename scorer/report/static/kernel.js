// The scoring kernel of the live weights page: scorer/kernel.py operation by operation (same
// order, same floating-point results), so the ranking the page shows is the one `scorer
// rescore` computes. tests/unit/test_kernel.py runs this file on vectors written from the
// Python kernel and compares every number. No DOM here: D is the page's data, W the weights
// being edited ({areas: {id: w}, codes: {id: w}, components: [[name, w], ...]}).
"use strict";
(function (root) {
  var WRITTEN = "written";

  // Python's round(x, 4): the decimal nearest to the exact binary value, ties to even, read
  // back as the nearest double. toFixed rounds the exact value too but ties away from zero;
  // with 4 decimals the only exact ties are the odd multiples of 1/32.
  function pyRound(x) {
    if (!isFinite(x) || x === 0) return x + 0;
    var ax = Math.abs(x), r, t = ax * 32;
    if (Number.isInteger(t) && t % 2 === 1) {
      var q = ax * 1e4 - 0.5;
      r = (q % 2 === 0 ? q : q + 1) / 1e4;
    } else {
      r = Number(ax.toFixed(4));
    }
    return x < 0 ? -r : r;
  }

  // Kernel.maxima: 100 × area / Σ areas × code / Σ codes of the area × weight / Σ weights of the code.
  function indicatorMax(D, W) {
    var codeArea = {}, codeSum = {}, effCode = {}, areaSum = {}, effArea = {}, total = 0.0, out = [];
    D.codes.forEach(function (c) { codeArea[c.id] = c.area; });
    D.indicators.forEach(function (ind) {
      codeSum[ind.code] = (ind.code in codeSum ? codeSum[ind.code] : 0.0) + ind.weight;
    });
    D.codes.forEach(function (c) {
      effCode[c.id] = ((c.id in codeSum ? codeSum[c.id] : 0.0) > 0) ? W.codes[c.id] : 0.0;
    });
    D.areas.forEach(function (a) { areaSum[a.id] = 0.0; });
    D.codes.forEach(function (c) { areaSum[c.area] += effCode[c.id]; });
    D.areas.forEach(function (a) { effArea[a.id] = areaSum[a.id] > 0 ? W.areas[a.id] : 0.0; });
    D.areas.forEach(function (a) { total += effArea[a.id]; });
    D.indicators.forEach(function (ind) {
      var c = ind.code, a = codeArea[c], w = ind.weight;
      if (w === 0 || total === 0 || effArea[a] === 0 || effCode[c] === 0) { out.push(0.0); return; }
      out.push(100.0 * effArea[a] / total * effCode[c] / areaSum[a] * w / codeSum[c]);
    });
    return out;
  }

  // scorer.components.composite
  function composite(W, total, comps) {
    var num = 0.0, den = 0.0;
    W.components.forEach(function (p) {
      var name = p[0], w = p[1], x = name === WRITTEN ? total : comps[name];
      if (w === 0 || x === undefined || x === null) return;
      num += w * x;
      den += w;
    });
    return pyRound(num / den + 0.0);
  }

  function cmpStr(a, b) {  // Python compares strings by code point
    var x = Array.from(a), y = Array.from(b), n = Math.min(x.length, y.length);
    for (var i = 0; i < n; i++) {
      var d = x[i].codePointAt(0) - y[i].codePointAt(0);
      if (d !== 0) return d;
    }
    return x.length - y.length;
  }

  // Competition ranks (1, 2, 2, 4), highest first; among equals by id.
  function rankRows(rows, key, into) {
    var sorted = rows.slice().sort(function (a, b) { return b[key] - a[key] || cmpStr(a.id, b.id); });
    sorted.forEach(function (r, i) {
      r[into] = (i > 0 && sorted[i - 1][key] === r[key]) ? sorted[i - 1][into] : i + 1;
    });
    return sorted;
  }

  // Kernel.score's table: pts[i][own][best], indicator i's points rounded, at its own level and
  // the best level of its code (D.credits is Rubric.credit_matrix).
  function pointsTable(maxima, credits) {
    return maxima.map(function (top) {
      return credits.map(function (row) { return row.map(function (cr) { return pyRound(top * cr + 0.0); }); });
    });
  }

  // Kernel.score's total of one submission: levelAt(i) its level of indicator i (0-3), codeOf[i]
  // the index of i's code; points summed in rubric order, rounded.
  function totalOf(levelAt, pts, codeOf, ncodes) {
    var best = [], i, sum = 0;
    for (i = 0; i < ncodes; i++) best.push(0);
    for (i = 0; i < pts.length; i++) best[codeOf[i]] = Math.max(best[codeOf[i]], levelAt(i));
    for (i = 0; i < pts.length; i++) sum += pts[i][levelAt(i)][best[codeOf[i]]];
    return pyRound(sum + 0.0);
  }

  // Kernel.score's totals and rank.rank's ranks, overall and within each group.
  function compute(D, W) {
    var maxima = indicatorMax(D, W), pts = pointsTable(maxima, D.credits);
    var codeIx = {}, codeOf;
    D.codes.forEach(function (c, j) { codeIx[c.id] = j; });
    codeOf = D.indicators.map(function (ind) { return codeIx[ind.code]; });
    var useComposite = W.components.length > 0;
    var rows = D.submissions.map(function (s) {
      var total = totalOf(function (i) { return s.levels.charCodeAt(i) - 48; }, pts, codeOf, D.codes.length);
      var row = {id: s.id, s: s, total: total};
      row.composite = useComposite ? composite(W, total, s.components) : null;
      row.value = useComposite ? row.composite : total;
      return row;
    });
    var ranked = rankRows(rows, "value", "rank");
    var groups = {};
    rows.forEach(function (r) { (groups[r.s.group] = groups[r.s.group] || []).push(r); });
    Object.keys(groups).forEach(function (g) { rankRows(groups[g], "value", "groupRank"); });
    return {maxima: maxima, ranked: ranked};
  }

  root.ScoreKernel = {pyRound: pyRound, indicatorMax: indicatorMax, pointsTable: pointsTable, totalOf: totalOf,
                      compute: compute};
  root.pyRound = pyRound;  // checked against Python by the browser test
})(typeof window !== "undefined" ? window : globalThis);
