// The operator console's only script: a form is sent once. A second
// click on a slow publish would only be refused (the version moved), but
// it would confuse; the pages work without this script.
"use strict";
document.addEventListener("submit", function (ev) {
  var form = ev.target;
  if (form.dataset.sent) {
    ev.preventDefault();
    return;
  }
  form.dataset.sent = "1";
});
