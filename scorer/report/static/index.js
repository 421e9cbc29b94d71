/* Ranking: sort by any column, filter by text and peer group, a page of rows at a time.
   Rows beyond the first page arrive in <template> elements (parsed, never laid out), so a run
   of any size opens fast; sorting and filtering always go over every row. No server, no libraries. */
(function () {
  var table = document.getElementById("ranking-table");
  if (!table) { return; }
  var tbody = table.tBodies[0];
  var heat = document.querySelector("table.heat");
  var heatBody = heat ? heat.tBodies[0] : null;

  function withRest(body, id) {
    var list = body ? Array.prototype.slice.call(body.rows) : [];
    var rest = document.getElementById(id);
    return rest ? list.concat(Array.prototype.slice.call(rest.content.children)) : list;
  }
  var rows = withRest(tbody, "ranking-rest");
  var heatRows = withRest(heatBody, "heat-rest");  // always in rank order
  rows.forEach(function (row, i) { row.setAttribute("data-order", String(i)); });
  var order = rows.slice();  // current sort order
  var pager = document.getElementById("pager");
  var size = pager ? (+pager.getAttribute("data-page") || rows.length) : rows.length;
  var page = 0;
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
    order = keyed.map(function (k) { return k.row; });
    page = 0;
    show();
  }

  Array.prototype.forEach.call(heads, function (th, col) {
    var button = th.querySelector("button.sort");
    if (button) { button.addEventListener("click", function () { sortBy(col); }); }
  });

  var text = document.getElementById("filter-text");
  var group = document.getElementById("filter-group");
  var count = document.getElementById("filter-count");

  function matches(row) {
    var q = text.value.trim().toLowerCase();
    var g = group.value;
    return (!g || row.getAttribute("data-group") === g)
      && (!q || (row.getAttribute("data-search") || "").toLowerCase().indexOf(q) !== -1);
  }

  function fill(body, list) {
    if (!body) { return; }
    var frag = document.createDocumentFragment();
    list.forEach(function (row) { frag.appendChild(row); });
    while (body.firstChild) { body.removeChild(body.firstChild); }
    body.appendChild(frag);
  }

  function show() {
    var shown = order.filter(matches);
    var pages = Math.max(1, Math.ceil(shown.length / size));
    page = Math.min(Math.max(page, 0), pages - 1);
    fill(tbody, shown.slice(page * size, (page + 1) * size));
    fill(heatBody, heatRows.filter(matches).slice(page * size, (page + 1) * size));
    count.textContent = "显示 " + shown.length + " / " + rows.length + " 份";
    if (pager && !pager.hidden) {
      document.getElementById("page-label").textContent = "第 " + (page + 1) + " / " + pages + " 页";
      document.getElementById("page-prev").disabled = page === 0;
      document.getElementById("page-next").disabled = page >= pages - 1;
    }
  }

  function filterAnew() { page = 0; show(); }
  text.addEventListener("input", filterAnew);
  group.addEventListener("change", filterAnew);
  if (pager) {
    document.getElementById("page-prev").addEventListener("click", function () { page -= 1; show(); });
    document.getElementById("page-next").addEventListener("click", function () { page += 1; show(); });
  }
  if (rows.length > size || text.value || group.value) { show(); }  // a small run is already laid out
  else { count.textContent = "显示 " + rows.length + " / " + rows.length + " 份"; }
}());
