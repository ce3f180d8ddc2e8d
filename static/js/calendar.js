// The calendar page: a link is made for the filters as they are chosen on the page, applied
// or not. Without JS the link holds the applied filters, which the page names.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var linkForm = event.target.closest("form.make-link");
    var filters = document.querySelector("form.calendar-filters");
    if (!linkForm || !filters) return;
    var chosen = new URLSearchParams(new FormData(filters));
    linkForm.action = window.location.pathname + "?" + chosen.toString();
  });
})();
