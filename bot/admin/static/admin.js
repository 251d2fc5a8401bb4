// The operator console's only script: when another FAQ is picked for an
// unmatched question, rebuild its intents.yaml snippet. The server renders
// the snippet for the default FAQ, so the page works without this script.
// It must build the same text as snippet() in unmatched.go.
"use strict";
document.addEventListener("change", function (ev) {
  var pick = ev.target;
  if (!pick.classList || !pick.classList.contains("faq-pick")) {
    return;
  }
  var pre = document.getElementById(pick.dataset.snippet);
  if (pre) {
    pre.textContent = "# faqs: → - no: " + pick.value + " → alternates:\n      - " + pre.dataset.alt;
  }
});
