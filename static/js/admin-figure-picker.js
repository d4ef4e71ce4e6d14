// The section form's figure picker: "Insert" writes the chosen figure's reference where
// the cursor is in the text last edited (the text before the block if none was), so
// nobody types the syntax. Without JavaScript the references are shown to copy.
// A static file: the Content Security Policy forbids inline scripts.
(function () {
  "use strict";

  var TEXTS = ["id_body", "id_body_after_block"];

  function insert(field, text) {
    var start = field.selectionStart, end = field.selectionEnd;
    field.value = field.value.slice(0, start) + text + field.value.slice(end);
    field.selectionStart = field.selectionEnd = start + text.length;
    field.dispatchEvent(new Event("input", { bubbles: true }));
    field.focus();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var picker = document.querySelector(".figure-picker");
    if (!picker) {
      return;
    }
    var status = document.getElementById("figure-status");
    var target = document.getElementById(TEXTS[0]);
    TEXTS.forEach(function (id) {
      var field = document.getElementById(id);
      if (field) {
        field.addEventListener("focus", function () { target = field; });
      }
    });
    picker.querySelectorAll(".figure-reference").forEach(function (code) { code.hidden = true; });
    picker.querySelectorAll(".figure-insert").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var row = button.closest(".figure-row");
        var choice = row.querySelector(".figure-style");
        if (!target) {
          return;
        }
        insert(target, choice.value);
        status.textContent = picker.dataset.inserted + " " + choice.selectedOptions[0].text;
      });
    });
    var filter = document.getElementById("figure-filter");
    filter.parentElement.hidden = false;
    filter.addEventListener("input", function () {
      var words = filter.value.toLowerCase();
      picker.querySelectorAll(".figure-group").forEach(function (group) {
        var shown = 0;
        group.querySelectorAll(".figure-row").forEach(function (row) {
          var match = row.textContent.toLowerCase().indexOf(words) !== -1;
          row.hidden = !match;
          shown += match ? 1 : 0;
        });
        group.hidden = shown === 0;
        if (words) {
          group.open = shown > 0;
        }
      });
    });
  });
})();
