// The map page: the bundled Natural Earth outline (world-atlas countries-110m) drawn with d3-geo,
// incidents from the page's JSON twin as points, each an SVG link to its incident. No tile server.
// Every string from the data goes into the DOM as text (d3 .text / .attr), never as markup.
(function () {
  "use strict";
  const figure = document.getElementById("map");
  if (!figure || !window.d3 || !window.topojson) return;
  const width = 960, height = 500;

  async function rows(url) {
    // Follow the twin's pages (page, pages) until every matching incident is read.
    const out = [];
    const next = new URL(url, window.location.href);
    for (let page = 1, pages = 1; page <= pages && page <= 200; page++) {
      next.searchParams.set("page", String(page));
      const response = await fetch(next, { headers: { Accept: "application/json" } });
      if (!response.ok) throw new Error("map data: HTTP " + response.status);
      const data = await response.json();
      out.push(...(data.incidents || []));
      pages = data.pages || 1;
    }
    return out;
  }

  function label(row) {
    const bits = [row.date || "undated", (row.type || "incident").replace(/_/g, " ")];
    if (row.place || row.country) bits.push([row.place, row.country].filter(Boolean).join(", "));
    if (row.killed && row.killed.best != null) bits.push(row.killed.best + " killed");
    return bits.join(" · ");
  }

  async function draw() {
    const [atlas, incidents] = await Promise.all([
      fetch(figure.dataset.atlas).then((r) => r.json()),
      rows(figure.dataset.source),
    ]);
    const land = topojson.feature(atlas, atlas.objects.countries);
    const projection = d3.geoNaturalEarth1().fitSize([width, height], { type: "Sphere" });
    const path = d3.geoPath(projection);
    const svg = d3.select(figure).append("svg")
      .attr("viewBox", `0 0 ${width} ${height}`)
      .attr("role", "group")
      .attr("aria-label", "World map of incidents");
    svg.append("path").attr("class", "sphere").attr("d", path({ type: "Sphere" }));
    svg.append("g").attr("class", "countries").attr("aria-hidden", "true")
      .selectAll("path").data(land.features).join("path")
      .attr("class", "land").attr("d", path);
    const placed = incidents.filter((r) => r.lat != null && r.lon != null);
    const top = d3.max(placed, (r) => (r.killed && r.killed.best) || 0) || 1;
    const radius = d3.scaleSqrt().domain([0, top]).range([4, 13]);
    const links = svg.append("g").attr("class", "points")
      .selectAll("a").data(placed).join("a")
      .attr("href", (r) => "/incidents/" + encodeURIComponent(r.id))
      .attr("aria-label", label);
    links.append("circle")
      .attr("class", (r) => (r.killed && r.killed.best != null ? "point" : "point nocount"))
      .attr("cx", (r) => projection([r.lon, r.lat])[0])
      .attr("cy", (r) => projection([r.lon, r.lat])[1])
      .attr("r", (r) => radius((r.killed && r.killed.best) || 0))
      .append("title").text(label);
    figure.dataset.points = String(placed.length);
  }

  draw().catch((error) => {
    const note = document.createElement("p");
    note.className = "none";
    note.textContent = "The map could not be drawn: " + error.message;
    figure.appendChild(note);
  });
})();
