// The section form's "Preview" button: the server renders the texts as the report will
// (the same Markdown and sanitiser), and says what the sanitiser would remove.
// A static file: the Content Security Policy forbids inline scripts.
(function () {
  "use strict";

  function preview(button, target) {
    var form = button.form;
    var data = new FormData();
    ["body", "body_after_block", "block", "csrfmiddlewaretoken"].forEach(function (name) {
      var field = form.elements.namedItem(name);
      if (field) {
        data.append(name, field.value);
      }
    });
    data.append("report", button.dataset.report); // the report whose figures the texts quote
    fetch(button.dataset.url, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.text();
      })
      .then(function (html) {
        target.innerHTML = html; // rendered and sanitised by the server
      })
      .catch(function () {
        target.textContent = button.dataset.error;
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("markdown-preview-button");
    var target = document.getElementById("markdown-preview");
    if (!button || !target) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      preview(button, target);
    });
  });
})();
