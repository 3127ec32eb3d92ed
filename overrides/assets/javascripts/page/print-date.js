/* The day a page is printed from the browser (Ctrl+P). The stamp at the foot of every
   printed page says what the handbook was made from; only the reader's clock knows when
   the page is printed, and a printed copy is valid for a limited time after printing. So,
   as printing starts, "Printed 3 December 2026, 14:05 UTC" is written at the head of the
   page's content, in an element that is hidden on screen and shown on paper by
   print.css. The site's Content-Security-Policy allows no inline script or style: this
   file only sets text and the hidden attribute. */
(function () {
  "use strict";

  var line = null;

  // In the words of the stamp ("29 November 2026"), whatever the browser's own language.
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December"];

  function two(n) { return (n < 10 ? "0" : "") + n; }

  function zone(now) {  // "UTC", "UTC+1", "UTC-3:30": the reader's clock, unambiguous
    var minutes = -now.getTimezoneOffset();
    if (minutes === 0) return "UTC";
    var sign = minutes > 0 ? "+" : "-";
    minutes = Math.abs(minutes);
    return "UTC" + sign + Math.floor(minutes / 60) + (minutes % 60 ? ":" + two(minutes % 60) : "");
  }

  function printedAt(now) {
    return "Printed " + now.getDate() + " " + MONTHS[now.getMonth()] + " " + now.getFullYear() +
      ", " + two(now.getHours()) + ":" + two(now.getMinutes()) + " " + zone(now);
  }

  function stamp() {
    if (!line) {
      var content = document.querySelector("article.md-content__inner") || document.body;
      line = document.createElement("p");
      line.className = "hb-printed-on";
      line.hidden = true;  // on screen; print.css shows it on paper
      content.insertBefore(line, content.firstChild);
    }
    line.textContent = printedAt(new Date());
  }

  window.addEventListener("beforeprint", stamp);
})();
