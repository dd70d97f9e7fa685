// Search as you type on the home page: asks /api/search and lists the hits as links to their
// pages. Every value is set as text (never as HTML), so a name holding markup stays inert.
"use strict";
(function () {
  const form = document.querySelector("form.search");
  const input = document.getElementById("q");
  const list = document.getElementById("search-results");
  if (!form || !input || !list) return;
  const base = form.dataset.base;
  const publicBase = form.dataset.public;
  const lang = form.dataset.lang;
  let timer = null;
  let asked = 0;

  function pageOf(iri) {
    return iri.startsWith(publicBase) ? base + iri.slice(publicBase.length) : iri;
  }

  // The search marks matched words with <mark>…</mark>: made elements, the rest stays text.
  function marked(snippet) {
    return snippet.split(/(<mark>.*?<\/mark>)/).map((part) => {
      if (!part.startsWith("<mark>")) return document.createTextNode(part);
      const mark = document.createElement("mark");
      mark.textContent = part.slice(6, -7);
      return mark;
    });
  }

  function show(hits) {
    list.replaceChildren(...hits.map((hit) => {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = pageOf(hit.iri);
      link.textContent = hit.name;
      const kind = document.createElement("span");
      kind.className = "tag";
      kind.textContent = hit.kind;
      const snippet = document.createElement("span");
      snippet.className = "snippet";
      snippet.append(...marked(hit.snippet));
      item.append(link, " ", kind, snippet);
      return item;
    }));
  }

  async function search() {
    const text = input.value.trim();
    const mine = ++asked;
    if (!text) { list.replaceChildren(); return; }
    const url = `${base}api/search?${new URLSearchParams({ q: text, lang, limit: "10" })}`;
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    if (mine !== asked || !response.ok) return;  // a newer search answered first, or none
    show((await response.json()).hits);
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(search, 150);
  });
  form.addEventListener("submit", (event) => { event.preventDefault(); search(); });
})();
