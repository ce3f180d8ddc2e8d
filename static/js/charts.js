// Draws every chart on the page from its JSON data island (<script type="application/json">).
// Pages carry no inline script, so a Content-Security-Policy of script-src 'self' holds.
(function () {
  "use strict";

  var NARROW = window.matchMedia("(max-width: 700px)").matches;
  var CONFIG = {
    responsive: true,
    displaylogo: false,
    modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d"],
    // plotly.js 4 adds a "Share chart..." button by default that posts the chart's data to
    // Plotly Cloud in a new window (postMessage: no CSP stops it). The data never leaves.
    showSendToCloud: false,
    plotlyServerURL: "",
    // On a phone the toolbar would sit over the chart's title; fingers zoom and pan anyway.
    displayModeBar: NARROW ? false : "hover",
  };

  // On a phone, lane titles beside the bars would leave the plot or squeeze it to nothing:
  // each goes on its own line at the top of its lane, above the bar, across the full width.
  function stackLaneTitles(figure) {
    var layout = figure.layout;
    var phone = layout.meta && layout.meta.phone_lanes;
    if (!NARROW || !phone || !layout.yaxis || !layout.yaxis.ticktext) return;
    var titles = layout.yaxis.ticktext.map(function (title, index) {
      return {
        text: title, // escaped by the server, like every label of the figure
        xref: "paper", x: 0, xanchor: "left",
        yref: "y", y: layout.yaxis.tickvals[index] + phone.label_y, yanchor: "top",
        showarrow: false, align: "left", font: {size: 11, color: "#1f2933"},
      };
    });
    layout.annotations = (layout.annotations || []).concat(titles);
    layout.yaxis.showticklabels = false;
    layout.margin = Object.assign({}, layout.margin, {l: 8}); // no titles beside the plot now
    // The legend's entries stack one a line under a narrow plot: make room for them too.
    var entries = figure.data.filter(function (trace) { return trace.showlegend !== false; });
    layout.height = phone.height + 24 * entries.length;
  }

  // A point may carry the page it stands for as the last item of its customdata.
  function linkOf(point) {
    var data = point.customdata;
    var url = Array.isArray(data) ? data[data.length - 1] : data;
    // Only this site's own paths: never a link to another host or a javascript: URL.
    return typeof url === "string" && url.charAt(0) === "/" && url.charAt(1) !== "/" ? url : null;
  }

  function draw(island) {
    var target = document.getElementById(island.dataset.target);
    if (!target) return;
    var figure = JSON.parse(island.textContent);
    stackLaneTitles(figure);
    window.Plotly.newPlot(target, figure.data, figure.layout, CONFIG).then(function () {
      target.on("plotly_click", function (event) {
        var url = event.points.length ? linkOf(event.points[0]) : null;
        if (url) window.location.assign(url);
      });
    });
  }

  function drawAll() {
    document.querySelectorAll("script.chart-data").forEach(draw);
  }

  // Zoom buttons beside a chart: a span of days, or everything when they name none.
  document.addEventListener("click", function (event) {
    var button = event.target.closest(".zoom-presets button");
    if (!button) return;
    var chart = document.getElementById(button.parentElement.dataset.chart);
    if (!chart || !window.Plotly) return;
    var from = button.dataset.from, to = button.dataset.to;
    window.Plotly.relayout(chart, from ? {"xaxis.range": [from, to]} : {"xaxis.autorange": true});
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
