/* Ranking: sort by any column, filter by text and peer group. No server, no libraries. */
(function () {
  var table = document.getElementById("ranking-table");
  if (!table) { return; }
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  rows.forEach(function (row, i) { row.setAttribute("data-order", String(i)); });
  var heads = table.tHead.rows[0].cells;
  var collator = window.Intl && Intl.Collator ? new Intl.Collator("zh-Hans-CN", { numeric: true }) : null;

  function cellValue(row, col, type) {
    var cell = row.cells[col];
    var raw = cell.hasAttribute("data-v") ? cell.getAttribute("data-v") : cell.textContent.trim();
    if (type !== "num") { return raw; }
    var n = parseFloat(raw);
    return isNaN(n) ? null : n;
  }

  function compare(a, b, type) {
    if (type === "num") {
      if (a === b) { return 0; }
      if (a === null) { return -1; }
      if (b === null) { return 1; }
      return a < b ? -1 : 1;
    }
    return collator ? collator.compare(a, b) : (a < b ? -1 : a > b ? 1 : 0);
  }

  function sortBy(col) {
    var th = heads[col];
    var type = th.getAttribute("data-type") || "text";
    var current = th.getAttribute("aria-sort");
    var dir = current === "ascending" ? "descending"
      : current === "descending" ? "ascending"
      : (th.getAttribute("data-first") || "ascending");
    Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir);
    var sign = dir === "ascending" ? 1 : -1;
    var keyed = rows.map(function (row) {
      return { row: row, v: cellValue(row, col, type), i: +row.getAttribute("data-order") };
    });
    keyed.sort(function (x, y) { return sign * compare(x.v, y.v, type) || x.i - y.i; });
    keyed.forEach(function (k) { tbody.appendChild(k.row); });
  }

  Array.prototype.forEach.call(heads, function (th, col) {
    var button = th.querySelector("button.sort");
    if (button) { button.addEventListener("click", function () { sortBy(col); }); }
  });

  var text = document.getElementById("filter-text");
  var group = document.getElementById("filter-group");
  var count = document.getElementById("filter-count");
  var filtered = document.querySelectorAll("#ranking-table tbody tr, table.heat tbody tr");

  function applyFilter() {
    var q = text.value.trim().toLowerCase();
    var g = group.value;
    var shown = 0;
    Array.prototype.forEach.call(filtered, function (row) {
      var ok = (!g || row.getAttribute("data-group") === g)
        && (!q || (row.getAttribute("data-search") || "").toLowerCase().indexOf(q) !== -1);
      row.hidden = !ok;
      if (ok && row.parentNode === tbody) { shown += 1; }
    });
    count.textContent = "显示 " + shown + " / " + rows.length + " 份";
  }
  text.addEventListener("input", applyFilter);
  group.addEventListener("change", applyFilter);
  applyFilter();
}());
