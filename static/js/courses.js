/* Course pages: autosave of the reflection journal, with a visible status and a warning before
   leaving the page while something typed is not saved yet. Without JavaScript the form's Save
   button posts normally. */
(function () {
  "use strict";

  var AUTOSAVE_DELAY_MS = 1500;

  function setupAutosave(form) {
    var field = form.querySelector("textarea");
    if (!field) {
      return;
    }
    var dirty = false;
    var timer = null;
    var sentValue = null;

    function status(text, isError) {
      var element = document.getElementById(form.dataset.statusId);
      if (!element) {
        return;
      }
      element.textContent = text;
      element.classList.toggle("text-danger", Boolean(isError));
    }

    function save() {
      timer = null;
      if (window.htmx && dirty) {
        window.htmx.trigger(form, "autosave");
      }
    }

    field.addEventListener("input", function () {
      dirty = true;
      status(form.dataset.unsavedText, false);
      if (timer) {
        window.clearTimeout(timer);
      }
      timer = window.setTimeout(save, AUTOSAVE_DELAY_MS);
    });

    form.addEventListener("htmx:beforeRequest", function () {
      sentValue = field.value;
      status(form.dataset.savingText, false);
    });

    form.addEventListener("htmx:afterRequest", function (event) {
      if (!event.detail.successful) {
        status(form.dataset.failedText, true);
        return;
      }
      // The server answers with the new status; it says whether the text was refused.
      var element = document.getElementById(form.dataset.statusId);
      var saved = element && element.dataset.saved === "true";
      // Typing during the request leaves the newer text unsaved; its own autosave follows.
      if (saved && field.value === sentValue) {
        dirty = false;
      }
    });

    form.addEventListener("submit", function () {
      if (timer) {
        window.clearTimeout(timer);
        timer = null;
      }
      if (!window.htmx) {
        dirty = false;
      }
    });

    window.addEventListener("beforeunload", function (event) {
      if (dirty) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-autosave]").forEach(setupAutosave);
  });
})();
