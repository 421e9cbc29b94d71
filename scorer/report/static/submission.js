/* One report: each indicator's quoted passages, show the full text, jump to a quote in it, hide
   indicators without evidence. */
(function () {
  /* Everything this script adds is built from text nodes, never markup, except the standing's
     parts, which the engine rendered with every text escaped (as the page itself is): a
     submission's text cannot become part of the page. */
  function span(cls, text) {
    var el = document.createElement("span");
    if (cls) { el.className = cls; }
    el.textContent = text;
    return el;
  }

  /* What the weights make of this submission (total, ranks, band, 总体评价, chart, 整改清单,
     points) is not in the page but in the run's standing/NNN.js (scorer/report/standing.py),
     rendered there as HTML by the engine's own templates and escaped as the page is: each part
     replaces its <template data-st> placeholder first, then everything below reads the page as
     a whole. A re-weighting rewrites the shards and keeps the pages. */
  var expects = (window.RUN_INDICATORS || {expects: {}}).expects;
  var S = (window.RUN_STANDING || {})[document.body.getAttribute("data-submission")] || null;
  window.PAGE_STANDING = S;  /* reviews.js reads the preview's maxima from it */
  var folded = null;  /* the folded gaps' data (#gap-data, in the standing's 整改清单), read once */
  if (S) {
    Array.prototype.forEach.call(document.querySelectorAll("template[data-st]"), function (t) {
      var html = S[t.getAttribute("data-st")];
      if (html) { t.insertAdjacentHTML("beforebegin", html); }
      t.parentNode.removeChild(t);
    });
    /* The leading gaps' expectations, the run's (assets/indicators.js), after what each needs. */
    Array.prototype.forEach.call(document.querySelectorAll("li.gap dd.expects[data-expects]"), function (dd) {
      var id = dd.closest("li.gap").getAttribute("data-indicator");
      dd.appendChild(document.createTextNode(expects[id] || ""));
    });
    /* The folded gaps' rows (their cells are filled below, once the page is whole). */
    var foldedData = document.getElementById("gap-data"), foldedBody = document.querySelector("#more-gaps tbody");
    if (foldedData && foldedBody) {
      folded = JSON.parse(foldedData.textContent);
      folded.r.forEach(function (x) {
        var row = document.createElement("tr");
        row.className = "gap-row";
        row.id = "gap-" + x[0];
        row.setAttribute("data-indicator", x[0]);
        foldedBody.appendChild(row);
      });
    }
    /* The evidence's points: "score/max" per area, code and indicator, in the page's order. */
    var figures = S.pts ? S.pts.split(" ") : [];
    Array.prototype.forEach.call(document.querySelectorAll("#evidence [data-pts]"), function (el, k) {
      var x = (figures[k] || "/").split("/");
      if (el.classList.contains("pts")) {
        var b = document.createElement("b");
        b.textContent = x[0];
        el.appendChild(b);
        el.appendChild(document.createTextNode(" / " + x[1]));
      } else {
        el.textContent = x[0] + " / " + x[1];
      }
    });
  } else {
    var missing = document.createElement("p");
    missing.className = "notice warn";
    missing.id = "standing-missing";
    missing.textContent = "未能读取本页的得分与排名（结果目录中的 standing 文件夹）：单独拷贝报告网页时，请把 assets 与 standing 两个文件夹一起拷贝到网页所在的目录。";
    var main = document.querySelector("main");
    if (main) { main.insertBefore(missing, main.firstChild); }
  }

  /* The passages come as data (#evidence-data, see scorer/report/sections.py evidence_data): a
     quote serves several indicators and is written once. Offsets count code points. */
  var data = document.getElementById("evidence-data");
  if (data) {
    var E = JSON.parse(data.textContent);
    var paragraphs = {};
    var quoteOf = function (x) {  /* from its paragraph in the full text, unless it came as is */
      if (x[0] >= 0) { return Array.from(E.q[x[0]]); }
      if (!(x[3] in paragraphs)) { paragraphs[x[3]] = Array.from(document.getElementById("p-" + x[3]).textContent); }
      var from = x[5] - E.ps[x[3]];
      return paragraphs[x[3]].slice(from, from + x[7]);
    };
    Object.keys(E.p).forEach(function (id) {
      var ind = document.getElementById("ind-" + id);
      if (!ind) { return; }
      E.p[id].forEach(function (x) {
        var level = E.lv[x[1]], chars = quoteOf(x), terms = x[6], pos = 0;
        var quote = document.createElement("blockquote");
        quote.className = "quote lv-" + level;
        for (var k = 0; k < terms.length; k += 2) {
          if (terms[k] > pos) { quote.appendChild(document.createTextNode(chars.slice(pos, terms[k]).join(""))); }
          var mark = document.createElement("mark");
          mark.className = "term";
          mark.textContent = chars.slice(terms[k], terms[k + 1]).join("");
          quote.appendChild(mark);
          pos = terms[k + 1];
        }
        if (pos < chars.length) { quote.appendChild(document.createTextNode(chars.slice(pos).join(""))); }
        var cite = document.createElement("span");
        cite.className = "cite";
        cite.appendChild(span("lv " + level, E.ln[x[1]]));
        if (E.h[x[2]]) { cite.appendChild(span("", E.h[x[2]])); }
        if (x[3]) { cite.appendChild(span("", "第 " + x[3] + " 段")); }
        if (E.w[x[4]]) { cite.appendChild(span("", "判定：" + E.w[x[4]])); }
        var locate = document.createElement("a");
        locate.className = "locate";
        locate.href = "#t-" + x[5];
        locate.textContent = "在原文中查看";
        cite.appendChild(locate);
        quote.appendChild(cite);
        ind.appendChild(quote);
      });
    });
  }

  /* Each indicator's id before its name, and from an indicator with a gap to its place in the
     整改清单. */
  Array.prototype.forEach.call(document.querySelectorAll("#evidence .ind"), function (ind) {
    var id = ind.id.slice(4), points = ind.querySelector(".ind-head .pts");
    var head = ind.querySelector(".ind-head");
    if (head) { head.insertBefore(span("id", id), head.firstChild); }
    if (points && document.getElementById("gap-" + id)) {
      var link = document.createElement("a");
      link.className = "to-gap";
      link.href = "#gap-" + id;
      link.textContent = "见差距清单";
      points.parentNode.insertBefore(link, points);
    }
  });

  /* The folded gaps: each row's number, name and level (from its indicator's head above) and
     what it needs (#gap-data, and the indicator's expectation from assets/indicators.js). */
  if (folded) {
    var G = folded;
    var cell = function (row, cls, content) {
      var td = document.createElement("td");
      if (cls) { td.className = cls; }
      if (typeof content === "string") { td.textContent = content; } else { td.appendChild(content); }
      row.appendChild(td);
      return td;
    };
    Array.prototype.forEach.call(document.querySelectorAll("tr.gap-row"), function (row, k) {
      var x = G.r[k], id = row.getAttribute("data-indicator");  /* x: [indicator, lead, expectation follows, points lost] (sections.folded_gaps_data) */
      var head = document.getElementById("ind-" + id);
      var name = head && head.querySelector(".ind-head .name");
      var level = head && head.querySelector(".ind-head span.lv");
      cell(row, "num", String(G.first + k + 1));
      var link = document.createElement("a");
      link.href = "#ind-" + id;
      link.textContent = id;
      var what = cell(row, "", link);
      what.appendChild(document.createTextNode(" " + (name ? name.textContent : "")));
      cell(row, "", level ? level.cloneNode(true) : "");
      cell(row, "num", "−" + x[3]);
      cell(row, "", G.k[x[1]] + (x[2] ? expects[id] || "" : ""));
    });
  }

  /* A mark in the full text names the indicators it is evidence for by id; on hover, with
     their names from the indicators' heads. */
  var named = document.getElementById("fulltext-body");
  if (named) {
    named.addEventListener("mouseover", function (event) {
      var mark = event.target.closest ? event.target.closest("mark.ev[title]") : null;
      if (!mark || mark.hasAttribute("data-named")) { return; }
      mark.setAttribute("data-named", "");
      mark.title = mark.title.split("；").map(function (id) {
        var head = document.getElementById("ind-" + id);
        var name = head && head.querySelector(".ind-head .name");
        return name ? id + " " + name.textContent : id;
      }).join("；");
    });
  }

  var button = document.getElementById("toggle-text");
  var body = document.getElementById("fulltext-body");

  function show(open) {
    if (!button || !body) { return; }
    body.hidden = !open;
    button.setAttribute("aria-expanded", open ? "true" : "false");
    button.textContent = open ? "收起原文" : "展开原文（证据已标注）";
  }

  function flash(el) {
    el.classList.add("flash");
    window.setTimeout(function () { el.classList.remove("flash"); }, 1600);
  }

  function reveal(id) {
    var el = id && document.getElementById(id);
    if (!el) { return; }
    if (body && body.contains(el)) { show(true); }
    flash(el);
  }

  if (button) {
    button.addEventListener("click", function () { show(body.hidden); });
  }

  /* "在原文中查看": open the full text before the browser follows the link. */
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a.locate") : null;
    if (!link) { return; }
    var target = decodeURIComponent((link.getAttribute("href") || "").replace(/^#/, ""));
    reveal(target);
  });

  function fromHash() {
    var id = decodeURIComponent(window.location.hash.replace(/^#/, ""));
    var el = id && document.getElementById(id);
    if (el && body && body.contains(el)) {
      reveal(id);
      el.scrollIntoView({ block: "center" });
    }
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();

  var only = document.getElementById("only-evidence");
  if (only) {
    only.addEventListener("change", function () {
      Array.prototype.forEach.call(document.querySelectorAll(".ind[data-level='none']"), function (el) {
        el.hidden = only.checked;
      });
    });
  }
}());
