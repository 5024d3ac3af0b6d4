// Learning groups: when a facilitator picks the unit of a session, fill the agenda with that
// unit's discussion questions, unless they have already written their own agenda.
(function () {
  "use strict";

  function initAgendaPrefill() {
    var form = document.getElementById("session-form");
    var data = document.getElementById("unit-agendas");
    if (!form || !data) {
      return;
    }
    var agendas = JSON.parse(data.textContent);
    var unit = form.querySelector("select[name=unit]");
    var agenda = form.querySelector("textarea[name=agenda]");
    if (!unit || !agenda) {
      return;
    }
    var lastFilled = agendas[unit.value] || "";
    unit.addEventListener("change", function () {
      var untouched = agenda.value.trim() === "" || agenda.value.trim() === lastFilled.trim();
      if (untouched) {
        lastFilled = agendas[unit.value] || "";
        agenda.value = lastFilled;
      }
    });
  }

  function initCopyFields() {
    document.querySelectorAll("input[readonly]").forEach(function (input) {
      input.addEventListener("focus", function () {
        input.select();
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    initAgendaPrefill();
    initCopyFields();
  });
})();
