/* Behaviour of a `kg viz` page: filters, search, physics toggle, details panel.
 * Every piece of article text reaches the DOM through textContent, or as HTML that
 * kg/viz/html.py escaped (tooltips), never as markup built here. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var status = document.getElementById("kg-status");

  function tip(html) {
    // Tooltip HTML was escaped in Python: only our own <div>/<b>/<q>/<i>/<br> tags are markup.
    var el = document.createElement("div");
    el.className = "kg-tip";
    el.innerHTML = html;
    return el;
  }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function norm(s) {
    return String(s).normalize("NFKC").toLowerCase().replace(/\s+/g, "");
  }

  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    return Object.assign({}, n, { title: tip(n.title) });
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    return Object.assign({}, e, { title: tip(e.title) });
  }));
  var hiddenClasses = new Set();
  var hiddenRelations = new Set();
  var nodeView = new vis.DataView(nodes, { filter: function (n) { return !hiddenClasses.has(n.group); } });
  var edgeView = new vis.DataView(edges, {
    filter: function (e) {
      if (hiddenRelations.has(e.predicate)) return false;
      var a = nodes.get(e.from), b = nodes.get(e.to);
      return !!a && !!b && !hiddenClasses.has(a.group) && !hiddenClasses.has(b.group);
    }
  });
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, data.options);
  var physics = document.getElementById("kg-physics");
  var api = { network: network, nodes: nodes, edges: edges, data: data, stabilized: false };
  window.kg = api;

  // Stabilise, then stop: a settled layout stays put and costs no CPU.
  network.on("stabilizationProgress", function (p) {
    status.textContent = "布局计算中 " + Math.round(100 * p.iterations / p.total) + "%";
  });
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: { enabled: false } });
    physics.checked = false;
    status.textContent = "";
    api.stabilized = true;
    if (data.focus) select(data.focus);
  });
  physics.addEventListener("change", function () {
    network.setOptions({ physics: { enabled: physics.checked } });
  });
  document.getElementById("kg-fit").addEventListener("click", function () { network.fit(); });

  // Legend = filter.
  function legendItem(list, item, swatch, hidden, refresh) {
    var li = el("li"), label = el("label"), box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.value = item.name;
    box.addEventListener("change", function () {
      if (box.checked) hidden.delete(item.name); else hidden.add(item.name);
      refresh();
    });
    label.append(box, swatch, el("span", item.zh), el("span", item.count, "kg-count"));
    label.title = item.name;
    li.appendChild(label);
    list.appendChild(li);
  }
  function refresh() { nodeView.refresh(); edgeView.refresh(); }
  data.legend.classes.forEach(function (c) {
    var sw = el("span", null, "kg-swatch " + c.shape);
    sw.style.background = c.color;
    legendItem(document.getElementById("kg-classes"), c, sw, hiddenClasses, refresh);
  });
  data.legend.relations.forEach(function (r) {
    var sw = el("span", null, "kg-line");
    sw.style.background = r.color;
    legendItem(document.getElementById("kg-relations"), r, sw, hiddenRelations, function () { edgeView.refresh(); });
  });

  // Details panel.
  var info = document.getElementById("kg-info");
  function showNode(id) {
    var n = nodes.get(id);
    if (!n) return;
    info.replaceChildren(el("h3", n.label), el("p", n.typeZh + " · " + n.type));
    if (n.aliases.length) info.appendChild(el("p", "别名：" + n.aliases.join("、")));
    info.appendChild(el("p", "提及次数：" + n.mentions + " · 关系数：" + n.relations));
    var list = el("ul");
    edges.get({ filter: function (e) { return e.from === id || e.to === id; } }).forEach(function (e) {
      var li = el("li", e.from + " —" + e.label + "→ " + e.to);
      li.style.cursor = "pointer";
      li.addEventListener("click", function () { network.selectEdges([e.id]); showEdge(e.id); });
      list.appendChild(li);
    });
    info.appendChild(list);
  }
  function showEdge(id) {
    var e = edges.get(id);
    if (!e) return;
    info.replaceChildren(el("h3", e.from + " —" + e.label + "→ " + e.to),
      el("p", e.labelZh + " · " + e.predicate + " · 证据 " + e.evidence + " 条"));
    e.sentences.forEach(function (s) {
      var q = el("blockquote", s.text);
      var source = [s.title, s.date].filter(Boolean).join("，");
      if (source) q.appendChild(el("div", source, "kg-source"));
      info.appendChild(q);
    });
  }
  network.on("click", function (params) {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
  });

  // Search by any name: exact (ignoring case, width, spaces) first, then containing.
  var index = data.nodes.map(function (n) {
    return { id: n.id, keys: [n.label].concat(n.aliases).map(norm) };
  });
  function find(query) {
    var q = norm(query);
    if (!q) return [];
    var exact = index.filter(function (x) { return x.keys.indexOf(q) >= 0; });
    var part = index.filter(function (x) {
      return exact.indexOf(x) < 0 && x.keys.some(function (k) { return k.indexOf(q) >= 0; });
    });
    return exact.concat(part).map(function (x) { return x.id; });
  }
  function select(id) {
    var n = nodes.get(id);
    if (!n) return;
    if (hiddenClasses.has(n.group)) {
      hiddenClasses.delete(n.group);
      document.querySelectorAll("#kg-classes input").forEach(function (b) { if (b.value === n.group) b.checked = true; });
      refresh();
    }
    network.selectNodes([id]);
    network.focus(id, { scale: 1.3, animation: { duration: 300 } });
    showNode(id);
  }
  var results = document.getElementById("kg-results");
  function search(query) {
    var ids = find(query);
    results.replaceChildren();
    results.hidden = ids.length < 2;
    if (!ids.length) { status.textContent = "未找到：" + query; return ids; }
    status.textContent = ids.length > 1 ? "找到 " + ids.length + " 个" : "";
    select(ids[0]);
    ids.slice(0, 50).forEach(function (id) {
      var li = el("li", id);
      li.tabIndex = 0;
      li.addEventListener("click", function () { select(id); results.hidden = true; });
      results.appendChild(li);
    });
    return ids;
  }
  document.getElementById("kg-search-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    search(document.getElementById("kg-search").value);
  });
  api.search = search;
  api.select = select;
})();
