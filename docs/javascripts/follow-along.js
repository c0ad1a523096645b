/* Follow along: a routine page, one exercise at a time, full screen, with a timer.
 *
 * Progressive enhancement: without JavaScript the routine page is the plain
 * numbered list. Everything shown here is read from that page (the marks that
 * templates/site/routine.md.j2 puts around each exercise), so it cannot drift
 * from the club's text. No dependencies; tests/test_follow_along.py keeps this
 * file and the service worker under 10 KiB minified.
 */
(function () {
  "use strict";

  var SWIPE_PX = 60;   // a shorter sideways move is a tap or a scroll, not a swipe
  var TICK_MS = 200;   // how often the clock is redrawn; it counts from real time, not ticks
  var session = null;  // the page's follow-along, if it has one
  var audio = null;    // made on the Start tap: phones only let a page sound after a tap
  var wakeLock = null;

  function two(n) { return (n < 10 ? "0" : "") + n; }
  function clock(seconds) { return two(Math.floor(seconds / 60)) + ":" + two(seconds % 60); }
  function is(node, attribute) { return node.hasAttribute(attribute); }

  // The elements after `mark` up to the next mark or top-level section heading.
  function following(mark) {
    var nodes = [];
    for (var node = mark.nextElementSibling; node && !/^H[12]$/.test(node.tagName) &&
         !is(node, "data-follow-along-step") && !is(node, "data-follow-along-step-end") &&
         !is(node, "data-follow-along-reminders"); node = node.nextElementSibling) {
      nodes.push(node);
    }
    return nodes;
  }

  function readSlides(article) {
    var slides = [];
    article.querySelectorAll("[data-follow-along-step]").forEach(function (mark) {
      var nodes = following(mark);
      if (!nodes.length) return;
      slides.push({
        exercise: true,
        // The page numbers its headings ("3. Fire Hydrants"); the mode shows "3 of 7" instead.
        name: nodes[0].textContent.replace(/^\s*\d+\.\s+/, "").trim(),
        body: nodes.slice(1),
        seconds: parseInt(mark.getAttribute("data-duration-seconds"), 10) || 0
      });
    });
    var reminders = article.querySelector("[data-follow-along-reminders]");
    var heading = reminders && reminders.nextElementSibling;
    if (slides.length && heading && /^H2$/.test(heading.tagName)) {
      slides.push({ exercise: false, name: heading.textContent.trim(), body: following(heading) });
    }
    return slides;
  }

  function copy(node) {
    var clone = node.cloneNode(true);
    // The page already has these ids: a second copy would break its anchors and labels.
    clone.removeAttribute("id");
    clone.querySelectorAll("[id]").forEach(function (inner) { inner.removeAttribute("id"); });
    return clone;
  }

  function beep() {
    if (!audio) return;
    var tone = audio.createOscillator(), volume = audio.createGain(), now = audio.currentTime;
    tone.frequency.value = 880;
    volume.gain.setValueAtTime(0.0001, now);
    volume.gain.exponentialRampToValueAtTime(0.6, now + 0.02);
    volume.gain.exponentialRampToValueAtTime(0.0001, now + 0.5);
    tone.connect(volume).connect(audio.destination);
    tone.start(now);
    tone.stop(now + 0.55);
  }

  function keepAwake() {
    if (!navigator.wakeLock || document.visibilityState !== "visible") return;
    navigator.wakeLock.request("screen").then(function (lock) {
      // Closed before the phone answered: give the lock straight back.
      if (session && session.dialog.open) wakeLock = lock; else lock.release();
    }, function () {});
  }

  function letSleep() {
    if (wakeLock) wakeLock.release().catch(function () {});
    wakeLock = null;
  }

  // The phone releases the lock when the page is hidden; take it again on return.
  document.addEventListener("visibilitychange", function () {
    if (session && session.dialog.open) keepAwake();
  });

  var LAYOUT =
    '<div class="fa__bar"><p class="fa__routine" id="fa-routine"></p>' +
    '<button type="button" class="fa__close" data-act="close" aria-label="Close follow-along">\u2715</button></div>' +
    '<div class="fa__page"><p class="fa__count"></p><h2 class="fa__name"></h2><div class="fa__text"></div></div>' +
    '<div class="fa__timer"><span class="fa__label"></span> <span class="fa__time" role="timer"></span>' +
    '<p class="fa__done" hidden>Time!</p></div>' +
    '<div class="fa__nav"><button type="button" data-act="prev">Previous</button>' +
    '<button type="button" data-act="pause">Pause</button>' +
    '<button type="button" data-act="next">Next</button></div>' +
    '<p class="fa__live" aria-live="polite"></p>';

  function FollowAlong(container, slides, title) {
    var self = this;
    var exercises = slides.filter(function (slide) { return slide.exercise; }).length;
    var dialog = document.createElement("dialog");
    dialog.className = "fa";
    dialog.setAttribute("aria-labelledby", "fa-routine");
    dialog.innerHTML = LAYOUT;
    function part(name) { return dialog.querySelector(".fa__" + name); }
    function button(act) { return dialog.querySelector('[data-act="' + act + '"]'); }
    part("routine").textContent = title;

    // The button and its hint are in the page, hidden, their space kept by follow-along.css.
    var start = container.querySelector(".fa-start");
    start.hidden = container.querySelector(".fa-hint").hidden = false;
    container.append(dialog);

    var index = 0, began = 0, pausedAt = 0, timer = 0;

    function elapsed() { return ((pausedAt || performance.now()) - began) / 1000; }

    function tick() {
      var slide = slides[index];
      if (!slide.exercise || dialog.getAttribute("data-state") === "done") return;
      if (!slide.seconds) {
        part("time").textContent = clock(Math.floor(elapsed()));
        return;
      }
      var left = Math.max(0, Math.ceil(slide.seconds - elapsed()));
      part("time").textContent = clock(left);
      if (left === 0) {
        dialog.setAttribute("data-state", "done");
        part("done").hidden = false;
        button("pause").setAttribute("aria-disabled", "true");
        self.announce("Time!");
        try { beep(); } catch (error) { /* no sound on this phone: the screen still says Time! */ }
        if (navigator.vibrate) navigator.vibrate([200, 100, 200]);
      }
    }

    this.show = function (next) {
      index = Math.max(0, Math.min(slides.length - 1, next));
      var slide = slides[index], last = index === slides.length - 1;
      var count = slide.exercise ? index + 1 + " of " + exercises : "";
      part("count").textContent = count;
      part("name").textContent = slide.name;
      part("text").replaceChildren.apply(part("text"), slide.body.map(copy));
      part("timer").hidden = button("pause").hidden = !slide.exercise;
      part("label").textContent = slide.seconds ? "Countdown" : "Stopwatch";
      part("done").hidden = true;
      button("prev").setAttribute("aria-disabled", String(index === 0));
      button("next").textContent = last ? "Finish" : "Next";
      button("pause").textContent = "Pause";
      button("pause").setAttribute("aria-disabled", "false");
      dialog.setAttribute("data-state", slide.exercise ? "running" : "end");
      dialog.setAttribute("data-step", String(index + 1));
      began = performance.now();
      pausedAt = 0;
      tick();
      part("page").scrollTop = 0;
      this.announce((count ? count + ": " : "") + slide.name);
    };

    this.announce = function (text) {
      // Cleared first so that the same words twice are still read out.
      part("live").textContent = "";
      setTimeout(function () { part("live").textContent = text; }, 50);
    };

    this.go = function (step) {
      if (index + step >= slides.length) dialog.close();
      else if (index + step >= 0) this.show(index + step);
    };

    this.togglePause = function () {
      var state = dialog.getAttribute("data-state");
      if (state !== "running" && state !== "paused") return;
      if (pausedAt) { began += performance.now() - pausedAt; pausedAt = 0; }
      else pausedAt = performance.now();
      dialog.setAttribute("data-state", pausedAt ? "paused" : "running");
      button("pause").textContent = pausedAt ? "Resume" : "Pause";
      this.announce(pausedAt ? "Paused" : "Running");
    };

    this.stop = function () {
      clearInterval(timer);
      timer = 0;
      letSleep();
    };

    start.addEventListener("click", function () {
      var AudioContext = window.AudioContext || window.webkitAudioContext;
      try { audio = audio || (AudioContext && new AudioContext()); if (audio) audio.resume(); }
      catch (error) { audio = null; }
      dialog.showModal();
      self.show(0);
      button("next").focus();
      clearInterval(timer);
      timer = setInterval(tick, TICK_MS);
      keepAwake();
    });

    dialog.addEventListener("close", function () {
      self.stop();
      start.focus();
    });

    dialog.addEventListener("click", function (event) {
      var target = event.target.closest("[data-act]");
      if (!target || target.getAttribute("aria-disabled") === "true") return;
      var act = target.getAttribute("data-act");
      if (act === "close") dialog.close();
      else if (act === "pause") self.togglePause();
      else self.go(act === "next" ? 1 : -1);
    });

    dialog.addEventListener("keydown", function (event) {
      if (event.key === "ArrowRight") self.go(1);
      else if (event.key === "ArrowLeft") self.go(-1);
      else return;
      event.preventDefault();
    });

    // Swipe: pointer events, so a finger, a pen and a mouse drag all work.
    var x0 = null, y0 = 0;
    dialog.addEventListener("pointerdown", function (event) { x0 = event.clientX; y0 = event.clientY; });
    dialog.addEventListener("pointerup", function (event) {
      if (x0 === null) return;
      var dx = event.clientX - x0, dy = event.clientY - y0;
      x0 = null;
      if (Math.abs(dx) > SWIPE_PX && Math.abs(dx) > 2 * Math.abs(dy)) self.go(dx < 0 ? 1 : -1);
    });
    dialog.addEventListener("pointercancel", function () { x0 = null; });

    this.dialog = dialog;
  }

  function setUp() {
    // With Material's instant loading this runs on every page: end the last page's session.
    if (session) session.stop();
    session = null;
    var container = document.querySelector("[data-follow-along]");
    var article = container && container.closest("article") || document.body;
    var slides = container ? readSlides(article) : [];
    if (!slides.length || container.querySelector("dialog")) return;
    var title = article.querySelector("h1");
    session = new FollowAlong(container, slides, title ? title.textContent.trim() : document.title);
  }

  if (window.document$ && window.document$.subscribe) window.document$.subscribe(setUp);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();

  // Offline: the service worker sits at the site's root, one folder up from this file,
  // whatever path the site is published under.
  var worker = new URL("../sw.js", document.currentScript.src);
  function registerWorker() {
    if (!("serviceWorker" in navigator)) return;
    // A live preview's pages change on every save: no caching there, and a worker left from
    // an earlier visit to this address is removed. MkDocs' preview is known by its live
    // reload; any engine's preview by having no sw.js (only a finished build writes one).
    if (typeof window.livereload === "function") removeWorkers();
    else navigator.serviceWorker.register(worker.href).catch(removeWorkersIfNoneHere);
  }
  function removeWorkers() {
    navigator.serviceWorker.getRegistrations().then(function (all) {
      all.forEach(function (registration) { registration.unregister(); });
    });
  }
  function removeWorkersIfNoneHere() {
    // A failed registration may also be a lost signal: only a missing file means a preview.
    fetch(worker.href, { method: "HEAD", cache: "no-store" }).then(function (response) {
      if (response.status === 404) removeWorkers();
    }, function () {});
  }
  // This script is brought in after the first paint, often after the page's load event.
  if (document.readyState === "complete") registerWorker();
  else window.addEventListener("load", registerWorker);
})();
