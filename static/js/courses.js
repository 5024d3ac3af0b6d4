/* Course pages: autosave of the reflection journal, with a visible status and a warning before
   leaving the page while something typed is not saved yet. Without JavaScript the form's Save
   button posts normally.

   The lesson clock: while the page is visible and the learner used it in the last minute (a key,
   a click, a scroll, a touch, a playing video, or the focus in the embedded player), it sends a
   heartbeat every few seconds; the server counts the time between beats, never more than an
   interval and a little, so it is the server that keeps the time. A beat says whether the page
   was visible and in use since the previous one: hiding the page or coming back after a pause
   sends a beat that counts nothing and starts a fresh interval. Without JavaScript the server
   counts the time between opening the lesson and marking it complete. */
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

  var ACTIVITY_EVENTS = ["keydown", "mousedown", "mousemove", "pointerdown", "scroll", "touchstart", "wheel"];

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (error) {
      return "";
    }
  }

  function setupClock(element) {
    var url = element.dataset.beatUrl;
    var intervalMs = (parseFloat(element.dataset.beatSeconds) || 15) * 1000;
    var idleMs = (parseFloat(element.dataset.idleSeconds) || 60) * 1000;
    var text = element.querySelector("[data-clock-text]");
    var video = document.querySelector("video[data-lesson-video]");
    var lastActivity = Date.now();

    function visible() {
      return document.visibilityState === "visible";
    }

    function videoPlaying() {
      return Boolean(video && !video.paused && !video.ended);
    }

    function inPlayer() {
      var focused = document.activeElement;
      return Boolean(focused && focused.tagName === "IFRAME");
    }

    function active() {
      return Date.now() - lastActivity < idleMs || videoPlaying() || inPlayer();
    }

    function videoPlayed() {
      // Seconds actually played (seeking ahead plays nothing).
      var total = 0;
      for (var index = 0; video && index < video.played.length; index += 1) {
        total += video.played.end(index) - video.played.start(index);
      }
      return total;
    }

    function beat(wasVisible, wasActive, leaving) {
      var body = new URLSearchParams();
      body.set("visible", wasVisible ? "1" : "0");
      body.set("active", wasActive ? "1" : "0");
      if (video) {
        body.set("video_position", videoPlayed().toFixed(1));
      }
      window
        .fetch(url, {
          method: "POST",
          body: body,
          credentials: "same-origin",
          headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
          keepalive: Boolean(leaving),
        })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (data) {
          if (data && text) {
            text.textContent = data.text;
          }
        })
        .catch(function () {
          // A lost beat only loses its interval: the next one counts from the last received.
        });
    }

    ACTIVITY_EVENTS.forEach(function (name) {
      window.addEventListener(
        name,
        function () {
          var now = Date.now();
          if (now - lastActivity >= idleMs && visible() && !videoPlaying()) {
            beat(true, false, false); // back from a pause: the pause counts nothing
          }
          lastActivity = now;
        },
        { passive: true, capture: true },
      );
    });

    document.addEventListener("visibilitychange", function () {
      // Hidden: the interval up to now was visible. Visible again: the hidden time counts nothing.
      beat(!visible(), !visible() && active(), !visible());
    });

    beat(visible(), false, false); // starts the clock
    window.setInterval(function () {
      if (visible() && active()) {
        beat(true, true, false);
      }
    }, intervalMs);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-autosave]").forEach(setupAutosave);
    document.querySelectorAll("[data-lesson-clock]").forEach(setupClock);
  });
})();
