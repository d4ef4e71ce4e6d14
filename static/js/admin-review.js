// The copied texts' page: "Still true" (a section, or a whole chapter) is saved without
// reloading the page, which stays where it is; the sections confirmed are marked as gone
// through. Without JavaScript the forms post as usual and the page comes back.
// A static file: the Content Security Policy forbids inline scripts.
(function () {
  "use strict";

  function confirmed(ids, left) {
    ids.forEach(function (id) {
      var section = document.getElementById("tekst-" + id);
      if (!section) {
        return;
      }
      section.classList.add("review-section--done");
      section.querySelector(".review-done").hidden = false;
      section.querySelectorAll(".review-confirm button").forEach(function (button) {
        button.disabled = true;
      });
    });
    document.getElementById("review-left").textContent = left;
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".text-review .review-confirm").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        fetch(form.action || window.location.href, {
          method: "POST",
          body: new FormData(form),
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        })
          .then(function (response) {
            if (!response.ok) {
              throw new Error(String(response.status));
            }
            return response.json();
          })
          .then(function (answer) {
            confirmed(answer.confirmed, answer.message);
            var chapter = form.closest(".review-chapter");
            if (chapter && !chapter.querySelector(".review-section:not(.review-section--done)")) {
              chapter.querySelector(":scope > .review-confirm button").disabled = true;
            }
          })
          .catch(function () {
            form.submit(); // the plain way: the page comes back with the answer
          });
      });
    });
  });
})();
