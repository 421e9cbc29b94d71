/* Expert reviews written offline on a submission page: a level and a reason per indicator, a
   preview of the total, and a download of the review file that scoring reads back (--reviews).
   The page's review data (#review-data), the run's indicators (assets/indicators.js) and the
   maxima of its weights (standing/NNN.js) give every indicator's unrounded maximum and the
   rubric's credit matrix; the total is computed by the weights page's kernel (static/kernel.js, which
   mirrors scorer/kernel.py operation by operation), so the preview is the figure the CLI will print. */
(function () {
  "use strict";
  var node = document.getElementById("review-data");
  if (!node) { return; }
  var D = JSON.parse(node.textContent);
  /* A row per indicator from the page's columns (scorer/report/review_view.py): its id and code
     are the run's (assets/indicators.js) unless the page brings its own (D.ids), its maximum the
     run's (RUN_MAXIMA, in the page's standing/NNN.js) unless its standing has its own (rv.max). */
  var run = window.RUN_INDICATORS || {order: []};
  var standing = window.PAGE_STANDING || {};  /* submission.js: the page's part of standing/NNN.js */
  var order = D.ids || run.order, tops = (standing.rv && standing.rv.max) || window.RUN_MAXIMA;
  if (!tops) { return; }  /* no maxima: the page was copied without its standing (submission.js says so) */
  D.indicators = order.map(function (x, i) {
    var row = {id: x[0], code: x[1], max: tops[i], level: D.levels[D.level[i]]};
    var review = Object.prototype.hasOwnProperty.call(D.reviews, row.id) ? D.reviews[row.id] : null;
    row.machine = review ? D.levels[review[0]] : row.level;
    row.reason = review ? review[1] : "";
    row.reviewer = review ? review[2] : "";
    row.date = review ? review[3] : "";
    return row;
  });
  var rows = {}, chosen = {};
  D.indicators.forEach(function (row) { rows[row.id] = row; chosen[row.id] = row.level; });
  var kernel = window.ScoreKernel;
  var pts = kernel.pointsTable(D.indicators.map(function (row) { return row.max; }), D.credits);
  var codeIx = {}, codeOf = D.indicators.map(function (row) {
    if (!(row.code in codeIx)) { codeIx[row.code] = Object.keys(codeIx).length; }
    return codeIx[row.code];
  });
  var message = document.getElementById("review-message");
  var reviewer = document.getElementById("review-reviewer");

  /* One level select and one reason field under each indicator's head (and its review note). */
  function addControls(row) {
    var ind = document.getElementById("ind-" + row.id);
    if (!ind) { return; }
    var box = document.createElement("div");
    box.className = "review-ctl no-print";
    var label = document.createElement("label");
    label.appendChild(document.createTextNode("复核等级 "));
    var select = document.createElement("select");
    select.className = "review-level";
    select.setAttribute("data-indicator", row.id);
    select.setAttribute("aria-label", row.id + " 复核等级");
    D.levels.forEach(function (name) {
      var option = document.createElement("option");
      option.value = name;
      option.textContent = D.level_names[name] + (name === row.machine ? "（引擎）" : "");
      option.selected = name === row.level;
      select.appendChild(option);
    });
    label.appendChild(select);
    var why = document.createElement("label");
    why.className = "grow";
    why.appendChild(document.createTextNode("理由 "));
    var reason = document.createElement("input");
    reason.type = "text";
    reason.className = "review-reason";
    reason.setAttribute("data-indicator", row.id);
    reason.setAttribute("aria-label", row.id + " 复核理由");
    reason.placeholder = "改动等级时必填：依据哪段原文、为何改";
    reason.value = row.reason;
    why.appendChild(reason);
    box.appendChild(label);
    box.appendChild(why);
    var after = ind.querySelector(".review-note") || ind.querySelector(".ind-head");
    after.parentNode.insertBefore(box, after.nextSibling);
    select.addEventListener("change", function () { chosen[row.id] = select.value; update(); });
    reason.addEventListener("input", update);
  }
  D.indicators.forEach(addControls);

  function control(kind, id) {
    return document.querySelector("." + kind + "[data-indicator='" + id + "']");
  }
  function reasonOf(id) {
    var input = control("review-reason", id);
    return input ? input.value.trim() : "";
  }

  /* Python's f"{x:.2f}": the exact binary value rounded, ties to even. An exact tie at the third
     decimal is an odd multiple of 1/8; toFixed would round it away from zero. */
  function fmt2(x) {
    var t = x * 8;
    if (Number.isInteger(t) && Math.abs(t) % 2 === 1) {
      var n = Math.floor(x * 100);
      return ((n % 2 === 0 ? n : n + 1) / 100).toFixed(2);
    }
    return x.toFixed(2);
  }

  function total() {
    return kernel.totalOf(function (i) { return D.levels.indexOf(chosen[D.indicators[i].id]); },
                          pts, codeOf, Object.keys(codeIx).length);
  }

  /* The reviews the page holds: every indicator whose chosen level is not the engine's. A
     review already applied keeps its reviewer and date unless its level or reason changed. */
  function reviews() {
    var out = [];
    var today = new Date();
    var date = today.getFullYear() + "-" + String(today.getMonth() + 1).padStart(2, "0") + "-" +
      String(today.getDate()).padStart(2, "0");
    D.indicators.forEach(function (row) {
      if (chosen[row.id] === row.machine) { return; }
      var reason = reasonOf(row.id);
      var kept = row.reviewer && chosen[row.id] === row.level && reason === row.reason;
      out.push({indicator: row.id, level: chosen[row.id], reason: reason,
                reviewer: kept ? row.reviewer : reviewer.value.trim(), date: kept ? row.date : date});
    });
    return out;
  }

  /* A draft survives closing the page: unsaved work is kept in the browser's storage for this
     submission and this text, restored on opening, and dropped by "撤销全部改动". */
  var draftKey = "scorer-review-draft:" + D.submission + ":" + D.text_sha256;

  function edited(row) {
    return chosen[row.id] !== row.level || reasonOf(row.id) !== row.reason;
  }

  function saveDraft() {
    var items = {}, n = 0;
    D.indicators.forEach(function (row) {
      if (edited(row)) { items[row.id] = {level: chosen[row.id], reason: reasonOf(row.id)}; n += 1; }
    });
    try {
      if (n) {
        window.localStorage.setItem(draftKey, JSON.stringify({reviewer: reviewer.value, items: items}));
      } else {
        window.localStorage.removeItem(draftKey);
      }
    } catch (e) { /* storage switched off: the page still works, without a draft */ }
  }

  function set(row, level, reason) {
    chosen[row.id] = level;
    var select = control("review-level", row.id), input = control("review-reason", row.id);
    if (select) { select.value = level; }
    if (input) { input.value = reason; }
  }

  function restoreDraft() {
    var draft = null;
    try { draft = JSON.parse(window.localStorage.getItem(draftKey) || "null"); } catch (e) { draft = null; }
    if (!draft || !draft.items) { return 0; }
    var n = 0;
    D.indicators.forEach(function (row) {
      var item = draft.items[row.id];
      if (item && D.levels.indexOf(item.level) >= 0) { set(row, item.level, String(item.reason || "")); n += 1; }
    });
    if (draft.reviewer && !reviewer.value) { reviewer.value = String(draft.reviewer); }
    return n;
  }

  function update() {
    var list = reviews();
    document.getElementById("review-count").textContent = String(list.length);
    var t = total(), shown = document.getElementById("review-total");
    if (shown) {  /* in the page's standing (standing/NNN.js): absent when a page was copied without it */
      shown.textContent = fmt2(t);
      shown.setAttribute("data-total", String(t));
    }
    D.indicators.forEach(function (row) {
      var ind = document.getElementById("ind-" + row.id);
      if (ind) { ind.classList.toggle("edited", edited(row)); }
    });
    saveDraft();
  }

  // YAML double-quoted scalars accept JSON's escapes; the Unicode line breaks must be escaped too.
  function quote(text) {
    return JSON.stringify(String(text)).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029")
      .replace(/\u0085/g, "\\u0085");
  }

  function yaml(list) {
    var lines = ["# 专家评审意见：" + D.title.replace(/[\r\n\u2028\u2029\u0085]+/g, " "),
                 "# 由评估报告页面写出；scorer score … --reviews 本文件，或 scorer rescore 结果目录 --reviews 本文件",
                 "reviews:"];
    list.forEach(function (r) {
      lines.push("  - submission: " + quote(D.submission));
      lines.push("    indicator: " + quote(r.indicator));
      lines.push("    level: " + r.level);
      lines.push("    reason: " + quote(r.reason));
      lines.push("    reviewer: " + quote(r.reviewer));
      if (r.date) { lines.push("    date: " + quote(r.date)); }
      if (D.text_sha256) { lines.push("    text_sha256: " + D.text_sha256); }
    });
    if (!list.length) { lines[lines.length - 1] = "reviews: []"; }
    return lines.join("\n") + "\n";
  }

  function say(text, ok) {
    message.textContent = text;
    message.classList.toggle("ok", !!ok);
  }

  function download() {
    var list = reviews();
    Array.prototype.forEach.call(document.querySelectorAll(".bad"), function (el) { el.classList.remove("bad"); });
    var missing = list.filter(function (r) { return !r.reason; });
    if (missing.length) {
      missing.forEach(function (r) { control("review-reason", r.indicator).classList.add("bad"); });
      control("review-reason", missing[0].indicator).focus();
      say("请为改动的指标写明理由：" + missing.map(function (r) { return r.indicator; }).join("、"));
      return;
    }
    if (list.some(function (r) { return !r.reviewer; })) {
      reviewer.classList.add("bad");
      reviewer.focus();
      say("请填写评审人。");
      return;
    }
    var blob = new Blob([yaml(list)], {type: "application/x-yaml;charset=utf-8"});
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = "评审意见-" + D.submission.replace(/[\\\/:*?"<>|\s]+/g, "_") + ".yaml";
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 10000);
    say("已下载 " + a.download + "：" + list.length + " 条评审意见，复核后总分 " + fmt2(total()) + "。", true);
  }

  document.getElementById("review-download").addEventListener("click", download);
  document.getElementById("review-reset").addEventListener("click", function () {
    D.indicators.forEach(function (row) { set(row, row.level, row.reason); });
    update();
    say("已撤销本页的全部改动。", true);
  });
  reviewer.addEventListener("input", saveDraft);
  window.reviewPage = {total: total, fmt2: fmt2};  // for the browser test's comparisons with Python
  var restored = restoreDraft();
  update();
  if (restored) { say("已恢复上次在本页未完成的复核 " + restored + " 项（保存在本浏览器中）；不需要时请点“撤销全部改动”。", true); }
}());
