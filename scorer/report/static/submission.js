/* One report: each indicator's quoted passages, show the full text, jump to a quote in it, hide
   indicators without evidence. */
(function () {
  /* The passages come as data (#evidence-data, see scorer/report/sections.py evidence_data): a
     quote serves several indicators and is written once. Built with text nodes only, never
     markup: a submission's text cannot become part of the page. Offsets count code points. */
  var data = document.getElementById("evidence-data");
  if (data) {
    var E = JSON.parse(data.textContent);
    var span = function (cls, text) {
      var el = document.createElement("span");
      if (cls) { el.className = cls; }
      el.textContent = text;
      return el;
    };
    Object.keys(E.p).forEach(function (id) {
      var ind = document.getElementById("ind-" + id);
      if (!ind) { return; }
      E.p[id].forEach(function (x) {
        var level = E.lv[x[1]], chars = Array.from(E.q[x[0]]), terms = x[6], pos = 0;
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
