// The page of a background job: asks the server for the job's state every second and
// shows it, then shows the outcome (the page anew) or goes on to the result when done.
// A static file: the Content Security Policy forbids inline scripts.
(function () {
  "use strict";

  var POLL_MS = 1000;

  function show(state) {
    var step = document.getElementById("job-step");
    var bar = document.getElementById("job-progress");
    var detail = document.getElementById("job-detail");
    // The step is announced by screen readers (role=status) when it changes; the count
    // beside the bar changes every second and is not.
    if (step && state.step && step.textContent !== state.step) {
      step.textContent = state.step;
    }
    if (bar) {
      if (state.percent === null) {
        bar.removeAttribute("value");
      } else {
        bar.max = 100;
        bar.value = state.percent;
        bar.textContent = state.percent + " %";
      }
    }
    if (detail) {
      detail.textContent = state.detail;
    }
  }

  function poll(url) {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (state) {
        if (state.finished) {
          if (state.result_url) {
            window.location.replace(state.result_url); // Back then skips the job page
          } else {
            window.location.reload();
          }
          return;
        }
        show(state);
        window.setTimeout(function () { poll(url); }, POLL_MS);
      })
      .catch(function () {
        // The server did not answer (a restart): try again a little later.
        window.setTimeout(function () { poll(url); }, POLL_MS * 5);
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var page = document.querySelector("[data-job-state-url]");
    if (page) {
      poll(page.dataset.jobStateUrl);
    }
  });
})();
