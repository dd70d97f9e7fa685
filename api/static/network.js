// The network view: the nodes and links of /api/network drawn with cytoscape.js (installed
// from the npm registry, served by this service), coloured by kind; links filtered by kind
// and sector; a click on a node opens its page. The list under the view says the same in text.
"use strict";
(function () {
  const box = document.getElementById("network");
  if (!box || typeof cytoscape !== "function") return;
  const base = box.dataset.base;
  const publicBase = box.dataset.public;
  const palette = ["#1a4fa0", "#c2410c", "#15803d", "#7e22ce", "#b91c1c", "#0e7490", "#a16207", "#4b5563"];
  const colours = new Map();
  const colour = (kind) => {
    if (!colours.has(kind)) colours.set(kind, palette[colours.size % palette.length]);
    return colours.get(kind);
  };
  const pageOf = (iri) => (iri.startsWith(publicBase) ? base + iri.slice(publicBase.length) : iri);

  function elements(network) {
    const nodes = network.nodes.map((node) => ({
      data: {
        id: node.id, label: node.name, kind: node.kind.name, colour: colour(node.kind.id),
        page: pageOf(node.iri), sectors: node.sectors.map((s) => s.id), hops: node.hops,
      },
    }));
    const edges = network.edges.map((edge, index) => ({
      data: {
        id: `edge-${index}`, source: edge.source, target: edge.target, kind: edge.kind,
        label: edge.relation, sectors: edge.sectors.map((s) => s.id),
      },
    }));
    return [...nodes, ...edges];
  }

  function filter(view) {
    const kinds = new Set([...document.querySelectorAll("#kind-filter input:checked")].map((i) => i.value));
    const sector = document.getElementById("sector-filter").value;
    view.batch(() => {
      view.edges().forEach((edge) => {
        const shown = kinds.has(edge.data("kind")) &&
          (!sector || edge.data("sectors").includes(sector) ||
           edge.connectedNodes().some((n) => n.data("sectors").includes(sector)));
        edge.style("display", shown ? "element" : "none");
      });
    });
    document.querySelectorAll("#network-list li[data-kind]").forEach((item) => {
      item.hidden = !kinds.has(item.dataset.kind);
    });
  }

  fetch(box.dataset.url, { headers: { Accept: "application/json" } })
    .then((response) => response.json())
    .then((network) => {
      const view = cytoscape({
        container: box,
        elements: elements(network),
        // cose (force-directed) reads best but costs ~1 s for 140 nodes here: past 100 nodes,
        // rings around the centre by distance (concentric), drawn at once.
        layout: network.nodes.length > 100
          ? { name: "concentric", concentric: (node) => 10 - node.data("hops"), levelWidth: () => 1, animate: false }
          : { name: "cose", animate: false },
        style: [
          { selector: "node", style: { "background-color": "data(colour)", label: "data(label)", "font-size": 10, "text-wrap": "ellipsis", "text-max-width": 120 } },
          { selector: "edge", style: { label: "data(label)", "font-size": 8, "curve-style": "bezier", "target-arrow-shape": "triangle", width: 1.5, "line-color": "#9aa3b5", "target-arrow-color": "#9aa3b5", color: "#4a5265" } },
        ],
      });
      view.on("tap", "node", (event) => { window.location.href = event.target.data("page"); });
      document.getElementById("kind-filter").addEventListener("change", () => filter(view));
      document.getElementById("sector-filter").addEventListener("change", () => filter(view));
      box.dataset.ready = `${view.nodes().length} ${view.edges().length}`;
      window.innographNetwork = view;  // for tests and the curious: the drawn graph
    });
})();
