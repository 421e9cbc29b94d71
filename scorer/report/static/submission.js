/* One report: each indicator's quoted passages, show the full text, jump to a quote in it, hide
   indicators without evidence. */
(function () {
  /* Everything this script adds is built from text nodes, never markup: a submission's text
     cannot become part of the page. */
  function span(cls, text) {
    var el = document.createElement("span");
    if (cls) { el.className = cls; }
    el.textContent = text;
    return el;
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
  var expects = (window.RUN_INDICATORS || {expects: {}}).expects;
  var gapData = document.getElementById("gap-data");
  if (gapData) {
    var G = JSON.parse(gapData.textContent);
    var cell = function (row, cls, content) {
      var td = document.createElement("td");
      if (cls) { td.className = cls; }
      if (typeof content === "string") { td.textContent = content; } else { td.appendChild(content); }
      row.appendChild(td);
      return td;
    };
    Array.prototype.forEach.call(document.querySelectorAll("tr.gap-row"), function (row, k) {
      var x = G.r[k], id = row.getAttribute("data-indicator");
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
      cell(row, "num", "−" + x[2]);
      cell(row, "", G.k[x[0]] + (x[1] ? expects[id] || "" : ""));
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
