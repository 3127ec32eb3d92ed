/*
 * Everything that has to run before a page is drawn, in one file: one request before the
 * page can be drawn instead of three (on a phone's slow connection each is a round trip).
 * It runs in the page's head, after <meta name="hb-review-due">; its script tag carries
 * data-scope (Material's site scope) and data-exit-url (the neutral site). In three parts:
 * 1. Material's start-up script, and the classes its bundle gives <html>;
 * 2. the exit guard: after "Exit this page", Back does not show the guidance again;
 * 3. review dates: a chapter overdue for review (by the reader's date) is marked so.
 */

/* 1. Material for MkDocs' start-up scripts, which the theme writes inline into every page,
   moved into a file so that the site's Content-Security-Policy can forbid inline scripts
   (script-src 'self'). The code is Material's (MIT licence, Copyright (c) 2016-2025
   Martin Donath); only where its values come from changed: the site scope is read from
   this script tag's data-scope attribute instead of being written into the code. */
__md_scope=new URL(document.currentScript.getAttribute("data-scope"),location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}};

/* The classes Material's bundle gives <html> when it starts (its focus-visible polyfill adds
   "js-focus-visible", then the bundle swaps "no-js" for "js"), given here, before anything
   is drawn. Then the bundle's changes leave the same classes, and the browser does not
   restyle the whole page for them, as it did for each change once the page was drawn
   (chapter page, 4x slower CPU: about 40 ms). The stylesheets have rules for .js and .no-js
   only, and the bundle then runs in the same page as ever. */
document.documentElement.classList.remove("no-js");
document.documentElement.classList.add("js-focus-visible", "js");

/*
 * 2. Runs in the page's head, before anything is shown. After a reader used "Exit this
 * page", going Back to a handbook page must not show the guidance again: such a page is
 * hidden at once and replaced by the neutral site. Pages the reader opens deliberately
 * (a link, a typed address) are shown as usual.
 */
(function () {
  "use strict";
  var KEY = "hb-exited";
  var url = document.currentScript.getAttribute("data-exit-url");

  function exitedEarlier() {
    try { return sessionStorage.getItem(KEY) === "1"; } catch (error) { return false; }
  }

  function leave() {
    document.documentElement.classList.add("hb-exiting");
    location.replace(url);
  }

  var navigation = performance.getEntriesByType && performance.getEntriesByType("navigation")[0];
  if (exitedEarlier()) {
    if (navigation && navigation.type === "back_forward") leave();
    else try { sessionStorage.removeItem(KEY); } catch (error) { /* storage unavailable */ }
  }
  // A page restored from the back-forward cache runs no script again: this event does.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && exitedEarlier()) leave();
  });
})();

/* 3. Review dates: a chapter whose next review is due before today (the reader's today, not
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
