/* legdx: small progressive enhancements. Every page works without this script. */
(function () {
  "use strict";

  // "Print / save as PDF": print this page (the print stylesheet makes it a clean document).
  function enhancePrint(root) {
    root.querySelectorAll("[data-print]").forEach(function (a) {
      a.addEventListener("click", function (ev) {
        if (typeof window.print === "function") {
          ev.preventDefault();
          window.print();
        }
      });
    });
  }

  // Interview: answer without reloading the page; focus moves to the next question.
  function enhanceInterview(root) {
    root.querySelectorAll("form[data-enhance=interview]").forEach(function (form) {
      form.addEventListener("submit", function (ev) {
        if (!window.fetch || !window.DOMParser) { return; }
        ev.preventDefault();
        var data;
        try { data = new FormData(form, ev.submitter || undefined); }
        catch (e) { data = new FormData(form); if (ev.submitter && ev.submitter.name) { data.append(ev.submitter.name, ev.submitter.value); } }
        var buttons = form.querySelectorAll("button");
        buttons.forEach(function (b) { b.disabled = true; });
        fetch(form.getAttribute("action"), { method: "POST", body: new URLSearchParams(data), credentials: "same-origin",
                             headers: { "X-Requested-With": "legdx" } })
          .then(function (r) { return r.text().then(function (t) { return { r: r, t: t }; }); })
          .then(function (res) {
            var doc = new DOMParser().parseFromString(res.t, "text/html");
            var main = doc.getElementById("main"), top = doc.getElementById("top");
            if (res.r.redirected || !main) { window.location.href = res.r.url; return; }
            document.getElementById("main").innerHTML = main.innerHTML;
            document.getElementById("top").innerHTML = top ? top.innerHTML : "";
            document.title = doc.title;
            var target = document.getElementById("question-text") || document.getElementById("main");
            enhanceInterview(document.getElementById("main"));
            enhancePrint(document.getElementById("main"));
            target.focus();
          })
          .catch(function () {
            buttons.forEach(function (b) { b.disabled = false; });
            form.removeAttribute("data-enhance");
            form.submit();
          });
      });
    });
  }

  // Move focus to an error summary, so that it is read first.
  function focusErrors() {
    var s = document.getElementById("error-summary");
    if (s) { s.focus(); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    enhancePrint(document);
    enhanceInterview(document);
    focusErrors();
  });
})();
