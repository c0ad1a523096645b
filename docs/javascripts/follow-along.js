/* Follow along: a routine page, one exercise at a time, full screen, with a timer.
 *
 * Progressive enhancement: without JavaScript the routine page is the plain
 * numbered list. Everything shown here is read from that page (the marks that
 * templates/site/routine.md.j2 puts around each exercise), so it cannot drift
 * from the club's text; each exercise's moving figure comes from the routine's
 * file of moving figures, fetched on Start (the page would weigh twice as much).
 * Each moment a group must notice (Get ready, Go, Switch sides, Rest, Done) has its
 * own word on a coloured band, sound, vibration and spoken word (CUES), so it can be
 * followed from across a field. The timer length, the get-ready gap, spoken names and
 * a quiet session are settings kept on this phone alone; so is the record of finished
 * sessions, which counts only a session that ran long enough (needed()). Nothing
 * is ever sent anywhere. No dependencies; tests/test_follow_along.py keeps all of
 * the site's own JavaScript within guide/follow-along.md's budget, gzip-compressed as shipped.
 */
(function () {
  "use strict";

  var SWIPE_PX = 60;   // a shorter sideways move is a tap or a scroll, not a swipe
  var TICK_MS = 200;   // how often the clock is redrawn; it counts from real time, not ticks
  var TIMES = [0, 20, 30, 45, 60];  // seconds per exercise one may pick; 0: a stopwatch
  var GAPS = [0, 5, 10];            // seconds to get ready before moving on by itself; 0: wait for Next
  var SETTINGS = "warmup-follow-along";
  var HABIT = "warmup-sessions";    // [{date: "2026-11-27", routine: "warm-up"}], nothing else
  // The club's language's words (templates/languages/, handed over in the page's data-follow-along-words)
  // and its tag (the page's lang): every word shown or spoken, numbers and day names follow them.
  var words, lang;
  var UNTIMED = 20;  // seconds an exercise without a time must run for the session to count
  // Each cue: its tones ([hertz, start s, length s]) and vibration (ms); its word, shown and spoken,
  // is the catalog's follow.cue_<name>.
  var CUES = {
    ready: { tones: [[440, 0, 0.15], [440, 0.3, 0.15]], buzz: [100, 100, 100] },
    go: { tones: [[880, 0, 0.6]], buzz: [600] },
    "switch": { tones: [[660, 0, 0.12], [880, 0.2, 0.12], [660, 0.4, 0.12]], buzz: [100, 60, 100, 60, 100] },
    rest: { tones: [[660, 0, 0.3], [440, 0.35, 0.5]], buzz: [200, 100, 200] },
    done: { tones: [[523, 0, 0.15], [659, 0.18, 0.15], [784, 0.36, 0.6]], buzz: [300, 100, 300, 100, 600] }
  };
  var session = null;  // the page's follow-along, if it has one
  var audio = null;    // made on the Start tap: phones only let a page sound after a tap
  var wakeLock = null;
  // The site's root, one folder up from this file, whatever path the site is published under.
  var ROOT = new URL("../", document.currentScript.src);

  function two(n) { return (n < 10 ? "0" : "") + n; }
  function clock(seconds) { return two(Math.floor(seconds / 60)) + ":" + two(seconds % 60); }
  function minutes(seconds) { return Math.floor(seconds / 60) + ":" + two(seconds % 60); }
  function is(node, attribute) { return node.hasAttribute(attribute); }
  // A catalog entry with ``values`` in its braces; a plural entry's form for values.count (CLDR's rules, as the build's).
  function say(key, values) {
    var entry = words[key];
    if (entry.other) entry = entry[new Intl.PluralRules(lang).select(values.count)] || entry.other;  // a plural
    return entry.replace(/\{(\w+)\}/g, function (all, name) { return values[name].toLocaleString(lang); });
  }
  function escaped(text) { return new Option(text).innerHTML.replace(/"/g, "&quot;"); }
  function day(date) { return date.getFullYear() + "-" + two(date.getMonth() + 1) + "-" + two(date.getDate()); }

  // Private browsing may refuse storage: the mode then works, remembering nothing.
  function load(key) {
    try { return JSON.parse(localStorage.getItem(key)); } catch (error) { return null; }
  }
  function save(key, value) {
    try {
      if (value === null) localStorage.removeItem(key); else localStorage.setItem(key, JSON.stringify(value));
    } catch (error) { /* nothing is kept */ }
  }

  function loadSettings() {
    var kept = load(SETTINGS) || {};
    return {
      time: TIMES.indexOf(kept.time) > 0 ? kept.time : 0,
      gap: GAPS.indexOf(kept.gap) > 0 ? kept.gap : 0,
      speak: kept.speak === true,
      quiet: kept.quiet === true
    };
  }

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

  function readSteps(article) {
    var steps = [];
    article.querySelectorAll("[data-follow-along-step]").forEach(function (mark) {
      var nodes = following(mark);
      if (!nodes.length) return;
      // A name's note goes on a smaller line of its own, so the name keeps one line.
      var title = nodes[0].cloneNode(true), note = title.querySelector(".warmup-note") || title.ownerDocument.createElement("i");
      note.remove();
      steps.push({
        // The page numbers its headings ("3. Calf Raises"); the mode shows "3 of 7" instead.
        name: title.textContent.replace(/^\s*\d+\.\s+/, "").trim(),
        note: note.textContent.trim(),
        body: nodes.slice(1),
        figure: mark.getAttribute("data-follow-along-figure"),  // its key in the moving figures' file
        seconds: parseInt(mark.getAttribute("data-duration-seconds"), 10) || 0,
        sides: mark.getAttribute("data-sides") === "each"  // left, then right: the time split in two
      });
    });
    return steps;
  }

  function readReminders(article) {
    var mark = article.querySelector("[data-follow-along-reminders]");
    var heading = mark && mark.nextElementSibling;
    return heading && /^H2$/.test(heading.tagName) ? [heading].concat(following(heading)) : [];
  }

  function copy(node) {
    var clone = node.cloneNode(true);
    // The page already has these ids: a second copy would break its anchors and labels.
    clone.removeAttribute("id");
    clone.querySelectorAll("[id]").forEach(function (inner) { inner.removeAttribute("id"); });
    return clone;
  }

  // Generated here, so the site carries no sound files.
  function sound(tones) {
    if (!audio) return;
    tones.forEach(function (tone) {
      var wave = audio.createOscillator(), volume = audio.createGain(), at = audio.currentTime + tone[1];
      wave.frequency.value = tone[0];
      volume.gain.setValueAtTime(0.0001, at);
      volume.gain.exponentialRampToValueAtTime(0.6, at + 0.02);
      volume.gain.exponentialRampToValueAtTime(0.0001, at + tone[2]);
      wave.connect(volume).connect(audio.destination);
      wave.start(at);
      wave.stop(at + tone[2] + 0.05);
    });
  }

  // How long a session must run to count: half of each exercise's time, UNTIMED for one without.
  function needed(steps, ownTime) {
    return Math.ceil(steps.reduce(function (sum, step) {
      var planned = step.seconds || ownTime;
      return sum + (planned ? planned / 2 : UNTIMED);
    }, 0));
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

  // This week's days (Monday first) and the number of finished sessions of `routine`.
  function drawHabit(box, routine) {
    var sessions = (load(HABIT) || []).filter(function (entry) { return entry.routine === routine; });
    var done = {}, week = 0, today = new Date(), list = box.querySelector("ol");
    sessions.forEach(function (entry) { done[entry.date] = true; });
    list.replaceChildren();
    for (var i = 0; i < 7; i++) {
      var date = new Date(today.getFullYear(), today.getMonth(), today.getDate() - (today.getDay() + 6) % 7 + i);
      var item = list.appendChild(document.createElement("li"));
      item.textContent = date.toLocaleDateString(lang, { weekday: "short" });
      if (done[day(date)]) {
        item.className = "fa-habit__done";
        item.insertAdjacentHTML("beforeend", '<span class="fa-sr"> ' + escaped(say("done_day")) + "</span>");
      }
      week += sessions.filter(function (entry) { return entry.date === day(date); }).length;
    }
    box.querySelector("p").textContent = say("record", { week: week, all: sessions.length });
    box.querySelector("button").hidden = !sessions.length;
  }

  var LAYOUT =
    '<div class="fa__bar"><p class="fa__routine" id="fa-routine"></p>' +
    '<button type="button" data-act="settings" aria-expanded="false" aria-controls="fa-settings">%settings%</button>' +
    '<button type="button" class="fa__close" data-act="close" aria-label="%close%">\u2715</button></div>' +
    '<div class="fa__progress" role="progressbar" aria-label="%progress%" aria-valuemin="0"><span></span></div>' +
    '<div class="fa__page" tabindex="0"><p class="fa__count"></p><h2 class="fa__name"></h2><p class="fa__subname"></p><div class="fa__note" hidden></div>' +
    '<div class="fa__figure"></div><p class="fa__poses"></p><div class="fa__text"></div></div>' +
    '<form class="fa__settings fa__page" id="fa-settings" hidden><h2>%your_settings%</h2>' +
    "<p>%settings_note%</p>" +
    '<fieldset><legend>%timer%</legend>@time</fieldset>' +
    '<fieldset><legend>%when_up%</legend>@gap</fieldset>' +
    '<fieldset><legend>%spoken%</legend><label><input type="checkbox" name="speak"> ' +
    "%say%</label></fieldset>" +
    '<fieldset><legend>%quiet%</legend><label><input type="checkbox" name="quiet"> ' +
    "%quiet_say%</label></fieldset>" +
    '<button type="button" data-act="settings">%done%</button></form>' +
    '<div class="fa__foot"><p class="fa__cue"></p><div class="fa__timer"><span class="fa__label"></span> ' +
    '<span class="fa__time" role="timer"></span></div>' +
    '<p class="fa__next"></p><p class="fa__after"></p><div class="fa__nav"><button type="button" data-act="prev">%previous%</button>' +
    '<button type="button" data-act="pause">%pause%</button>' +
    '<button type="button" data-act="next">%next%</button>' +
    '<button type="button" data-act="close">%back%</button></div></div>' +
    '<p class="fa__live" aria-live="polite"></p>';

  function choices(name, values, label) {
    return values.map(function (value) {
      return '<label><input type="radio" name="' + name + '" value="' + value + '"> ' + escaped(label(value)) + "</label>";
    }).join("");
  }

  function FollowAlong(container, steps, reminders, title, routine) {
    var self = this;
    var settings = loadSettings();
    var dialog = document.createElement("dialog");
    dialog.className = "fa";
    dialog.setAttribute("aria-labelledby", "fa-routine");
    dialog.innerHTML = LAYOUT
      .replace(/%(\w+)%/g, function (all, key) { return escaped(say(key)); })
      .replace("@time", choices("time", TIMES, function (s) {
        return s ? say("seconds", { count: s }) : say("stopwatch_choice");
      }))
      .replace("@gap", choices("gap", GAPS, function (s) { return s ? say("go_on", { count: s }) : say("wait"); }));
    function part(name) { return dialog.querySelector(".fa__" + name); }
    function button(act) { return dialog.querySelector('.fa__nav [data-act="' + act + '"]'); }
    var figures = null;  // exercise's key: its moving figure, once fetched
    var form = part("settings"), settingsButton = dialog.querySelector(".fa__bar [data-act=settings]");
    part("routine").textContent = title;

    // The button, its hint and the habit record are in the page, hidden, their space kept by follow-along.css.
    var start = container.querySelector(".fa-start");
    var habit = document.querySelector(".fa-habit");
    start.hidden = container.querySelector(".fa-hint").hidden = false;
    if (habit) {
      habit.innerHTML = '<p></p><ol aria-label="' + escaped(say("this_week")) + '"></ol>' +
        '<button type="button" class="md-button">' + escaped(say("clear")) + "</button>";
      habit.hidden = false;
      habit.tabIndex = -1;
      drawHabit(habit, routine);
      habit.querySelector("button").addEventListener("click", function () {
        if (!confirm(say("clear_question"))) return;
        save(HABIT, (load(HABIT) || []).filter(function (entry) { return entry.routine !== routine; }));
        drawHabit(habit, routine);
      });
    }
    container.append(dialog);

    // phase: "ready" (get-ready gap), "timing", "done" (time is up), "finished" (the finish screen);
    // side: 1 once a `sides: each` exercise is on its right side; cue: the last one given.
    var index = 0, phase = "", limit = 0, began = 0, pausedAt = 0, said = 0, timer = 0, startedAt = 0;
    var side = 0, cue = "";

    function elapsed() { return ((pausedAt || performance.now()) - began) / 1000; }

    // In a voice of the club's language, not the phone's.
    function talk(text) {
      if (settings.quiet || !window.speechSynthesis) return;
      speechSynthesis.speak(Object.assign(new SpeechSynthesisUtterance(text), { lang: lang }));
    }

    function speak(text) {
      if (settings.speak) talk(text);
    }

    function give(name) {
      var given = CUES[cue = name];
      dialog.setAttribute("data-cue", name);
      var word = part("cue").textContent = say("cue_" + name);
      if (navigator.vibrate) navigator.vibrate(given.buzz);
      if (settings.quiet) return;
      try { sound(given.tones); } catch (error) { /* no sound on this phone: the screen still says it */ }
      talk(word);
    }

    // A `sides: each` exercise's time is split in two: the left side, then the right.
    function split() { return phase === "timing" && limit && steps[index].sides; }

    function label() {
      part("label").textContent = say(phase === "ready" ? "get_ready" : !limit ? "stopwatch" :
        steps[index].seconds ? "countdown" : "your_timer") + (split() ? ", " + say(side ? "right_side" : "left_side") : "");
    }

    function setPhase(next, seconds) {
      phase = next;
      limit = seconds;
      began = performance.now();
      pausedAt = said = side = 0;
      dialog.setAttribute("data-state", phase);
      label();
      give(phase === "ready" ? "ready" : "go");
      tick();
    }

    function tick() {
      if (phase !== "ready" && phase !== "timing" || !form.hidden) return;
      var run = elapsed(), span = split() ? limit / 2 : limit;
      if (!limit) {
        part("time").textContent = clock(Math.floor(run));
        return;
      }
      if (split() && run >= span) {
        if (!side) {
          side = 1;
          said = 0;
          label();
          give("switch");
          self.announce(part("cue").textContent);
        }
        run -= span;
      }
      var left = Math.max(0, Math.ceil(span - run));
      part("time").textContent = clock(left);
      if (left && left <= 3 && left !== said && !pausedAt) speak(String(said = left));
      if (left || pausedAt) return;
      if (phase === "ready") return setPhase("timing", steps[index].seconds || settings.time);
      dialog.setAttribute("data-state", phase = "done");
      button("pause").setAttribute("aria-disabled", "true");
      var last = index === steps.length - 1;
      // Going on by itself, the next exercise's Get ready is the rest.
      if (settings.gap && !last) return self.go(1);
      give(last ? "done" : "rest");
      self.announce(part("cue").textContent);
      if (settings.gap) self.go(1);
    }

    this.show = function (next) {
      index = next;
      var step = steps[index], last = index === steps.length - 1, count = say("count", { number: index + 1, count: steps.length });
      part("count").textContent = count;
      part("name").textContent = step.name;
      showFigure();
      part("text").replaceChildren.apply(part("text"), step.body.map(copy));
      progress(index + 1);
      part("subname").textContent = step.note;
      part("next").textContent = last ? say("last") : say("next_name", { name: steps[index + 1].name });
      part("after").textContent = last ? "" : steps[index + 1].note;
      part("note").hidden = true;
      button("prev").setAttribute("aria-disabled", String(index === 0));
      button("next").textContent = say(last ? "finish" : "next");
      button("pause").textContent = say("pause");
      button("pause").setAttribute("aria-disabled", "false");
      dialog.setAttribute("data-step", String(index + 1));
      if (window.speechSynthesis) speechSynthesis.cancel();
      speak(step.name);
      var seconds = step.seconds || settings.time;
      setPhase(settings.gap && seconds ? "ready" : "timing", settings.gap && seconds ? settings.gap : seconds);
      part("page").scrollTop = 0;
      this.announce(count + ": " + step.name);
    };

    function showFigure() {
      var markup = figures && steps[index].figure && figures[steps[index].figure], holder;
      if (markup) (holder = document.createElement("template")).innerHTML = markup;
      var svg = holder && holder.content.firstElementChild;
      part("figure").replaceChildren.apply(part("figure"), svg ? [svg] : []);
      // The positions' names under the moving figure, as under the page's drawings.
      part("poses").textContent = svg ? JSON.parse(svg.getAttribute("data-positions")).join(" \u2194 ") : "";
    }

    // Fetched on the first Start (the service worker keeps it offline); a failure is tried again on the next.
    function fetchFigures() {
      var address = container.getAttribute("data-follow-along-figures");
      if (figures || !address) return;
      fetch(new URL(address, ROOT)).then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      }).then(function (all) {
        figures = all;
        if (dialog.open && phase !== "finished") showFigure();
      }, function () {});
    }

    function progress(done) {
      var bar = part("progress");
      bar.setAttribute("aria-valuemax", steps.length);
      bar.setAttribute("aria-valuenow", done);
      bar.setAttribute("aria-valuetext", say("count", { number: done, count: steps.length }));
      bar.firstChild.style.width = 100 * done / steps.length + "%";
    }

    // The session counts in the record only when it ran long enough: tapping through it does not.
    function finish() {
      var seconds = Math.round((Date.now() - startedAt) / 1000), least = needed(steps, settings.time);
      var done = say("finished", { count: steps.length, time: minutes(seconds) }), note = part("note");
      if (cue !== "done") give("done");
      dialog.setAttribute("data-state", phase = "finished");
      part("count").textContent = "";
      part("name").textContent = done;
      note.hidden = seconds >= least;
      note.textContent = say("not_counted", { time: minutes(least), count: UNTIMED });
      part("figure").replaceChildren();
      part("text").replaceChildren.apply(part("text"), reminders.map(copy));
      progress(steps.length);
      part("page").scrollTop = 0;
      if (note.hidden) {
        var sessions = load(HABIT) || [];
        sessions.push({ date: day(new Date()), routine: routine });
        save(HABIT, sessions);
        if (habit) drawHabit(habit, routine);
      }
      button("close").focus();
      self.announce(note.hidden ? done : done + ". " + note.textContent);
    }

    this.announce = function (text) {
      // Cleared first so that the same words twice are still read out.
      part("live").textContent = "";
      setTimeout(function () { part("live").textContent = text; }, 50);
    };

    this.go = function (step) {
      if (phase === "finished" || !form.hidden) return;
      if (index + step >= steps.length) finish();
      else if (index + step >= 0) this.show(index + step);
    };

    this.togglePause = function () {
      if (phase !== "timing" && phase !== "ready") return;
      if (pausedAt) { began += performance.now() - pausedAt; pausedAt = 0; }
      else pausedAt = performance.now();
      dialog.setAttribute("data-state", pausedAt ? "paused" : phase);
      button("pause").textContent = say(pausedAt ? "resume" : "pause");
      this.announce(say(pausedAt ? "paused" : "resumed"));
    };

    // Settings take the page's place; closing them starts the exercise again with them.
    function toggleSettings() {
      var open = form.hidden;
      form.hidden = !open;
      part("page").hidden = part("foot").hidden = open;
      settingsButton.setAttribute("aria-expanded", String(open));
      if (open) {
        form.time.value = settings.time;
        form.gap.value = settings.gap;
        form.speak.checked = settings.speak;
        form.quiet.checked = settings.quiet;
        form.querySelector("input:checked").focus();
      } else {
        if (phase !== "finished") self.show(index);
        settingsButton.focus();
      }
    }

    form.addEventListener("change", function () {
      settings = { time: +form.time.value, gap: +form.gap.value, speak: form.speak.checked, quiet: form.quiet.checked };
      save(SETTINGS, settings);
    });

    this.stop = function () {
      clearInterval(timer);
      timer = 0;
      if (window.speechSynthesis) speechSynthesis.cancel();
      letSleep();
    };

    start.addEventListener("click", function () {
      var AudioContext = window.AudioContext || window.webkitAudioContext;
      try { audio = audio || (AudioContext && new AudioContext()); if (audio) audio.resume(); }
      catch (error) { audio = null; }
      if (!form.hidden) toggleSettings();
      startedAt = Date.now();
      fetchFigures();
      dialog.showModal();
      // The phone's Back closes the mode (popstate, below) before it leaves the page; going back
      // to the page's own step must not scroll it away from where closing puts the focus.
      history.scrollRestoration = "manual";
      history.pushState({ followAlong: routine }, "");
      self.show(0);
      button("next").focus();
      clearInterval(timer);
      timer = setInterval(tick, TICK_MS);
      keepAwake();
    });

    // Back from the finish screen, the record shows the session just added.
    dialog.addEventListener("close", function () {
      self.stop();
      // Closed by its own button or Escape: take back the step Start added, so Back leaves the page.
      if (history.state && history.state.followAlong) history.back();
      (phase === "finished" && habit || start).focus();
    });

    window.addEventListener("popstate", function () {
      if (dialog.open) dialog.close();
      setTimeout(function () { history.scrollRestoration = "auto"; });  // for Back from another page
    });

    dialog.addEventListener("click", function (event) {
      var target = event.target.closest("[data-act]");
      if (!target || target.getAttribute("aria-disabled") === "true") return;
      var act = target.getAttribute("data-act");
      if (act === "close") dialog.close();
      else if (act === "settings") toggleSettings();
      else if (act === "pause") self.togglePause();
      else self.go(act === "next" ? 1 : -1);
    });

    dialog.addEventListener("keydown", function (event) {
      if (event.target.closest("form")) return;  // arrow keys move between the settings' choices
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
    var steps = container ? readSteps(article) : [];
    if (!steps.length || container.querySelector("dialog")) return;
    words = JSON.parse(container.getAttribute("data-follow-along-words"));
    lang = document.documentElement.lang;
    var title = article.querySelector("h1");
    session = new FollowAlong(container, steps, readReminders(article), title ? title.textContent.trim() : document.title,
                              container.getAttribute("data-follow-along") || location.pathname);
    // A printed piece's "Start the routine" code opens the page at #start: the follow-along starts at once,
    // and the address loses the #start, so that reloading the page or coming back to it does not start again.
    if (location.hash === "#start") {
      history.replaceState(history.state, "", location.pathname + location.search);
      container.querySelector(".fa-start").click();
    }
  }

  if (window.document$ && window.document$.subscribe) window.document$.subscribe(setUp);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
