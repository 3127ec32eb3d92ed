/* Review dates: a chapter whose next review is due before today (the reader's today, not
   the day the site was built: a copy saved in May is still read in December) shows a
   warning under its review dates. The due date comes from the page:
   <span class="hb-review-due" data-due="YYYY-MM-DD">; a chapter with no review date set
   has no such span, and gets no warning.
   The page may also hold the warning as of the day it was built (.hb-review-overdue-built),
   for paper: the PDFs and pages printed without scripts. Where this script runs it decides,
   on screen and when printing, so that note is removed. */
(function () {
  "use strict";

  function today() {
    var now = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }

  function warn() {
    var built = document.querySelectorAll(".hb-review-overdue-built");
    Array.prototype.forEach.call(built, function (note) {
      note.parentNode.removeChild(note);
    });
    if (document.querySelector(".hb-archive-banner")) {
      return;  // an archived edition is history: its review dates are as they were
    }
    var spans = document.querySelectorAll(".hb-review-due[data-due]");
    Array.prototype.forEach.call(spans, function (span) {
      var status = span.closest(".hb-chapter-status") || span.parentNode;
      if (span.getAttribute("data-due") >= today() || status.querySelector(".hb-review-overdue")) {
        return;
      }
      var box = document.createElement("div");
      box.className = "admonition warning hb-review-overdue";
      box.setAttribute("role", "note");
      var title = document.createElement("p");
      title.className = "admonition-title";
      title.textContent = "Review overdue";
      var text = document.createElement("p");
      text.textContent = "This chapter was due for review by " + span.textContent.trim() +
        " and has not been reviewed since. It may be out of date: check with your " +
        "safeguarding lead before relying on it.";
      box.appendChild(title);
      box.appendChild(text);
      status.insertAdjacentElement("afterend", box);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", warn);
  } else {
    warn();
  }
})();
