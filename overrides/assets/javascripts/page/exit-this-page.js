/*
 * "Exit this page": the button, and Shift pressed three times (each press within five
 * seconds of the last; any other key, or Shift used with another key, starts again).
 * Leaving hides the page at once, remembers for the Back button that the reader left
 * (the exit guard in page/before-drawing.js), and replaces this page in the history with the neutral site,
 * so that even with no network (the offline zip) the guidance disappears.
 */
(function () {
  "use strict";
  var container = document.querySelector("[data-hb-exit]");
  if (!container) return;
  var button = container.querySelector("[data-hb-exit-button]");
  var status = container.querySelector("[data-hb-exit-status]");
  var dots = container.querySelectorAll(".hb-exit__dot");
  var PRESSES = 3, WINDOW = 5000;
  var presses = 0, timer = null, shiftHeld = false, shiftUsedWithOtherKey = false;

  function leave() {
    document.documentElement.classList.add("hb-exiting");
    try { sessionStorage.setItem("hb-exited", "1"); } catch (error) { /* storage unavailable */ }
    location.replace(button.href);
  }

  function show() {
    for (var i = 0; i < dots.length; i++) dots[i].classList.toggle("hb-exit__dot--on", i < presses);
    container.classList.toggle("hb-exit--counting", presses > 0);
  }

  function reset(announce) {
    if (presses > 0 && announce) status.textContent = "Exit this page expired.";
    presses = 0;
    clearTimeout(timer);
    show();
  }

  function countPress() {
    presses += 1;
    clearTimeout(timer);
    show();
    if (presses >= PRESSES) {
      status.textContent = "Exit this page activated.";
      leave();
      return;
    }
    var left = PRESSES - presses;
    status.textContent = "Shift, press " + left + " more time" + (left === 1 ? "" : "s") + " to exit.";
    timer = setTimeout(function () { reset(true); }, WINDOW);
  }

  button.addEventListener("click", function (event) {
    event.preventDefault();
    leave();
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Shift") {
      if (!event.repeat) { shiftHeld = true; shiftUsedWithOtherKey = false; }
      return;
    }
    if (shiftHeld) shiftUsedWithOtherKey = true;
    reset(false);
  }, true);

  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") return;
    shiftHeld = false;
    if (!shiftUsedWithOtherKey) countPress();
  }, true);
})();
