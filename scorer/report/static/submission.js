/* One report: show the full text, jump to a quote in it, hide indicators without evidence. */
(function () {
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
