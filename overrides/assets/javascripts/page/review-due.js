/* Review dates: a chapter whose next review is due before today (the reader's today, not
   the day the site was built: a copy saved in May is still read in December) shows a
   warning under its opening. The warning is in the page, hidden (.hb-review-overdue); this
   script runs in the page's head, before anything is drawn, and only marks the page
   (html.hb-review-overdue-now) when the due date of <meta name="hb-review-due"> has passed,
   so the warning is drawn with the page and nothing moves afterwards. A chapter with no
   review date set, and an archived edition (history), have no such meta, and no warning.
   html.hb-review-checked says this script decided: the note of the build date
   (.hb-review-overdue-built, for the PDFs and pages printed without scripts) then stays
   hidden on paper too (handbook.css). */
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="hb-review-due"]');
  if (!meta) return;
  var now = new Date();
  var pad = function (n) { return (n < 10 ? "0" : "") + n; };
  var today = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  var root = document.documentElement;
  root.classList.add("hb-review-checked");
  if (meta.getAttribute("content") < today) root.classList.add("hb-review-overdue-now");
})();
