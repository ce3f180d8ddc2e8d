// On a phone a list page's filters fold away under their summary, so that the results,
// not a screenful of list boxes, come first; a wrong filter keeps them open, so that its
// message is seen. Without this script they stay open (templates/macros/forms.html).
(function () {
  "use strict";
  if (!window.matchMedia("(max-width: 700px)").matches) return;
  document.querySelectorAll("details.filter-panel").forEach(function (panel) {
    if (!panel.hasAttribute("data-has-errors")) panel.open = false;
  });
})();
