"""Follow along: a routine one exercise at a time, on a phone, in Debian's Chromium.

A copy of the project with the fixture club where, in the routine followed, only the
third exercise has a time of its own (`duration_seconds: 2`, only in the copy), so its
countdown ends within the test, and the two before it show the stopwatch and the phone's
own timer. Timers are driven by Playwright's clock (`page.clock`), so no test depends on
the machine's speed.
"""

from __future__ import annotations

import datetime
import gzip
import re
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import expect

from browser import MIN_TARGET_PX, NO_OFFLINE_COPY, PHONE, once_per_site, run_axe, serve, visit_with_clock_stopped
from conftest import REPO, club_content, copy_project, run_warmup

ROUTINE = "dryland"  # the fixture club's routine with every section filled in
ROUTINE_TITLE = yaml.safe_load((club_content() / "routines" / f"{ROUTINE}.yaml").read_text("utf-8"))["title"]
TIMED = "table-side-lifts"  # the routine's third exercise, the only one with a time in the test copy
TIMED_SECONDS = 2
SCRIPT = REPO / "docs" / "javascripts" / "follow-along.js"
SIZE_LIMIT = 11.5 * 1024  # guide/follow-along.md
INLINE_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S)
# The choices the issue asks a phone to offer; none of them comes from the club's content.
PHONE_TIMES = ["Off: a stopwatch counts up", "20 seconds", "30 seconds", "45 seconds", "60 seconds"]
WEDNESDAY = datetime.datetime(2026, 11, 25, 9, 30)  # the clock's start in tests that record sessions
SMALL_PHONES = [{"width": 320, "height": 568}, {"width": 360, "height": 740}]
# The cue words a group hears unless the session is quiet (tests/test_session_cues.py), beside the names and 3, 2, 1.
CUE_WORDS = {"Get ready", "Go", "Switch sides", "Rest", "Done"}
REST_BUZZ = [200, 100, 200]  # the vibration when the time is up and Next is awaited
SETTLED_FRAMES = """() => document.fonts.ready.then(() => new Promise(resolve =>
  requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve)))))"""

# Records what the page asks of the phone: vibration patterns, beeps, speech and the screen wake lock.
RECORDER = """
window.__calls = {vibrate: [], beeps: 0, wakeLock: [], speech: []};
navigator.vibrate = pattern => { window.__calls.vibrate.push(pattern); return true; };
speechSynthesis.speak = utterance => { window.__calls.speech.push(utterance.text); };
const start = OscillatorNode.prototype.start;
OscillatorNode.prototype.start = function (...args) { window.__calls.beeps += 1; return start.apply(this, args); };
Object.defineProperty(navigator, "wakeLock", {value: {request: type => {
  window.__calls.wakeLock.push("request " + type);
  return Promise.resolve({release: () => { window.__calls.wakeLock.push("release"); return Promise.resolve(); }});
}}});
"""


@pytest.fixture(scope="module")
def timed_project(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("follow-along") / "project")
    for exercise in (project.content_dir / "exercises").glob("*.yaml"):
        # One countdown per exercise here: sides and their Switch sides cue are test_session_cues.py's.
        untimed = re.sub(r"^(duration_seconds|sides):.*\n", "", exercise.read_text("utf-8"), flags=re.MULTILINE)
        timed = f"{untimed.rstrip()}\nduration_seconds: {TIMED_SECONDS}\n" if exercise.stem == TIMED else untimed
        exercise.write_text(timed, "utf-8")
    run_warmup(project, "build")
    return project


@pytest.fixture(scope="module")
def timed_site(timed_project):
    url, server = serve(timed_project.site_dir)
    yield url + f"routines/{ROUTINE}/"
    server.shutdown()


@pytest.fixture(scope="module")
def routine_file():
    """The routine as the club wrote it, read directly (not through the code under test)."""
    return yaml.safe_load((club_content() / "routines" / f"{ROUTINE}.yaml").read_text("utf-8"))


@pytest.fixture(scope="module")
def exercise_files(routine_file):
    """The routine's exercises as the club wrote them, in order, read directly."""
    return {slug: yaml.safe_load((club_content() / "exercises" / f"{slug}.yaml").read_text("utf-8"))
            for slug in routine_file["exercises"]}


@pytest.fixture(scope="module")
def steps(routine_file, exercise_files):
    names = [exercise["name"] for exercise in exercise_files.values()]
    return names, routine_file["reminders"]["heading"]


@pytest.fixture(scope="module")
def timed_name(exercise_files):
    return exercise_files[TIMED]["name"]


def phone_context(chromium, viewport=PHONE, **options):
    context = chromium.new_context(viewport=viewport, device_scale_factor=2, is_mobile=True, has_touch=True,
                                   **NO_OFFLINE_COPY, **options)
    context.add_init_script(RECORDER)
    return context


@pytest.fixture
def context(chromium):
    context = phone_context(chromium)
    yield context
    context.close()


@pytest.fixture
def page(context, timed_site):
    page = context.new_page()
    page.goto(timed_site)
    yield page


@pytest.fixture
def clocked(context, timed_site):
    """A page whose timers move only when the test moves Playwright's clock."""
    page = context.new_page()
    page.clock.install(time=WEDNESDAY)
    visit_with_clock_stopped(page, timed_site)
    return page


def open_mode(page):
    page.get_by_role("button", name="Start").click()
    dialog = page.get_by_role("dialog", name=ROUTINE_TITLE)
    dialog.wait_for()
    return dialog


def shown(dialog) -> tuple[str, str]:
    return dialog.locator(".fa__count").inner_text(), dialog.locator(".fa__name").inner_text()


def announced(dialog) -> str:
    live = dialog.locator("[aria-live]")
    live.page.wait_for_function("el => el.textContent !== ''", arg=live.element_handle())
    return live.text_content()


def choose(dialog, *labels: str):
    """Open the settings, pick ``labels`` (radio buttons or the spoken-cues box), close them."""
    dialog.get_by_role("button", name="Settings").click()
    for label in labels:
        dialog.get_by_label(label).check()
    dialog.get_by_role("button", name="Done").click()


def timer(dialog) -> tuple[str, str]:
    return dialog.locator(".fa__label").inner_text(), dialog.get_by_role("timer").inner_text()


def calls(page) -> dict:
    return page.evaluate("window.__calls")


def spoken_names(page) -> list[str]:
    """What was spoken besides the cue words: the exercises' names and 3, 2, 1."""
    return [text for text in calls(page)["speech"] if text not in CUE_WORDS]


def test_without_javascript_the_routine_page_is_the_plain_list(chromium, timed_site, exercise_files):
    names = [" ".join(filter(None, (exercise["name"], exercise.get("name_note")))) for exercise in exercise_files.values()]
    context = chromium.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(timed_site)
    assert page.get_by_role("button").filter(has_text=re.compile("Start|Clear")).count() == 0
    assert page.locator("dialog").count() == 0
    assert not page.locator(".fa-habit").is_visible()
    assert "this week" not in page.locator("article").inner_text()
    headings = [" ".join(text.split()) for text in page.locator("article h3").all_text_contents()]
    assert headings == [f"{number}. {name}" for number, name in enumerate(names, start=1)]
    context.close()


def test_previous_steps_back_to_the_first_then_start_steps_through_every_exercise_with_progress_and_next_up(
        page, steps, routine_file, exercise_files):
    names, reminders = steps
    notes = [exercise.get("name_note") or "" for exercise in exercise_files.values()]
    dialog = open_mode(page)
    total = len(names)
    # Previous steps back, and stops at the first.
    for _ in names[1:]:
        dialog.get_by_role("button", name="Next").click()
    for number in range(total - 1, 0, -1):
        dialog.get_by_role("button", name="Previous").click()
        assert shown(dialog) == (f"{number} of {total}", names[number - 1])
    assert dialog.get_by_role("button", name="Previous").is_disabled()
    dialog.get_by_role("button", name="Previous").click(force=True)  # a tap on it does nothing
    assert shown(dialog) == (f"1 of {total}", names[0])

    # Then through every exercise, from the first.
    progress = dialog.get_by_role("progressbar", name="Progress")
    for number, name in enumerate(names, start=1):
        assert shown(dialog) == (f"{number} of {total}", name)
        assert announced(dialog) == f"{number} of {total}: {name}"
        assert progress.get_attribute("aria-valuenow") == str(number)
        assert progress.get_attribute("aria-valuemax") == str(total)
        # The bar's fill grows to the share done (it slides there in 0.3 s).
        page.wait_for_function("([bar, share]) => Math.abs(bar.firstElementChild.getBoundingClientRect().width / "
                               "bar.getBoundingClientRect().width - share) < 0.01",
                               arg=[progress.element_handle(), number / total], timeout=3000)
        expected_next = f"Next: {names[number]}" if number < total else "Last exercise"
        assert dialog.locator(".fa__next").inner_text() == expected_next
        assert dialog.locator(".fa__next").is_visible()
        # A name's note on a smaller line of its own, under the name and under "Next:" (the name keeps its line).
        for line, shown_exercise in ((".fa__subname", number - 1), (".fa__after", number)):
            note = notes[shown_exercise] if shown_exercise < total else ""
            assert dialog.locator(line).inner_text() == note
            assert dialog.locator(line).is_visible() == bool(note)
        if notes[number - 1]:
            name_box, note_box = (dialog.locator(part).bounding_box() for part in (".fa__name", ".fa__subname"))
            assert note_box["y"] >= name_box["y"] + name_box["height"] - 1
            size = dialog.evaluate("d => ['.fa__name', '.fa__subname'].map(s => parseFloat(getComputedStyle("
                                   "d.querySelector(s)).fontSize))")
            assert size[1] < size[0]
        dialog.get_by_role("button", name="Finish" if number == total else "Next").click()
    assert dialog.locator(".fa__name").inner_text().startswith(f"Done: {total} exercises in ")
    assert reminders in dialog.inner_text()
    assert routine_file["reminders"]["points"][0]["text"] in dialog.inner_text()
    assert progress.get_attribute("aria-valuenow") == str(total)


def test_the_mode_is_not_printed_shows_the_how_to_text_from_the_page_and_offers_the_issues_settings(page,
                                                                                                   exercise_files):
    """One visit, read in turn: the mode and the record in print, the first step, the settings."""
    page.get_by_role("button", name="Start").wait_for()
    page.emulate_media(media="print")
    assert not page.get_by_role("button", name="Start").is_visible()
    assert not page.locator(".fa-habit").is_visible()
    page.emulate_media(media="screen")

    dialog = open_mode(page)
    first = next(iter(exercise_files.values()))
    assert dialog.locator(".fa__text").inner_text().startswith(first["how_to"])
    assert dialog.locator("[id]").evaluate_all("els => els.map(e => e.id)") == ["fa-routine", "fa-settings"]

    # The settings are the phone's own, and offer the issue's choices.
    dialog.get_by_role("button", name="Settings").click()
    settings = dialog.locator("form")
    assert settings.get_by_role("radio").count() == len(PHONE_TIMES) + 3
    for label in PHONE_TIMES:
        assert settings.get_by_label(label).is_visible()
    assert settings.get_by_label(PHONE_TIMES[0]).is_checked()  # off until the member picks one
    assert not settings.get_by_label(re.compile("Say each exercise")).is_checked()
    words = settings.inner_text()
    assert "kept on this phone only" in words and "not advice from the club" in words


@pytest.fixture
def any_engine_site(built):
    """The club's own site as each engine builds it: the marks and figures must survive every engine."""
    url, server = serve(built.site_dir)
    yield url + f"routines/{ROUTINE}/"
    server.shutdown()


FIGURE_MOTION = """figure => { const svg = figure.querySelector('svg'); return svg && {
  hidden: svg.getAttribute('aria-hidden'), markup: svg.outerHTML,
  running: svg.getAnimations({subtree: true}).filter(a => a.playState === 'running').length,
  named: [svg, ...svg.querySelectorAll('*')].filter(e => getComputedStyle(e).animationName !== 'none').length}; }"""


@pytest.mark.parametrize("motion", ["no-preference", "reduce"])
@once_per_site
def test_every_slide_shows_its_exercise_figure_moving_unless_the_phone_asks_for_less(chromium, any_engine_site,
                                                                                   exercise_files, motion):
    context = phone_context(chromium, reduced_motion=motion)
    page = context.new_page()
    page.goto(any_engine_site)
    dialog = open_mode(page)
    for slug, exercise in exercise_files.items():
        assert "figure" in exercise, f"the club's {slug} has a figure"
        dialog.locator(".fa__figure svg").wait_for()  # the routine's moving figures are fetched on Start
        figure = dialog.locator(".fa__figure").evaluate(FIGURE_MOTION)
        assert figure is not None, slug
        assert figure["hidden"] == "true"  # the name and how-to stand beside it
        assert f"{slug}-animated" in figure["markup"]  # this exercise's own moving figure
        # It moves where its key positions differ (a figure may give one pose twice, its
        # movement shown by the arrow), and never when the phone asks for less motion.
        poses = {repr(sorted((k, v) for k, v in position.items() if k != "name"))
                 for position in exercise["figure"]["positions"]}
        if motion == "reduce":
            assert figure["running"] == 0 and figure["named"] == 0, slug
        elif len(poses) > 1:
            assert figure["running"] > 0 and figure["named"] > 0, slug
        assert dialog.locator(".fa__figure svg").is_visible()
        # Its positions' names, as the club wrote them, on the line under it.
        names = " \u2194 ".join(position["name"] for position in exercise["figure"]["positions"])
        assert dialog.locator(".fa__poses").inner_text() == names and dialog.locator(".fa__poses").is_visible()
        dialog.get_by_role("button", name=re.compile("^(Next|Finish)$")).click()
    # The routine page itself holds none of these moving figures: a phone that never taps Start never downloads them.
    page.keyboard.press("Escape")
    assert page.locator("article svg.warmup-figure--animated").count() == 0
    assert "warmup-figure--animated" not in page.content()
    context.close()


def test_swiping_and_the_keyboard_step_between_exercises_and_escape_returns_to_start(page, steps):
    names, _ = steps
    dialog = open_mode(page)
    box = dialog.locator(".fa__page").first.bounding_box()
    y = box["y"] + box["height"] / 2

    def swipe(from_x, to_x):
        page.mouse.move(from_x, y)
        page.mouse.down()
        page.mouse.move(to_x, y + 5, steps=5)
        page.mouse.up()

    swipe(300, 40)
    assert shown(dialog)[1] == names[1]
    swipe(40, 300)
    assert shown(dialog)[1] == names[0]

    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert shown(dialog)[1] == names[2]
    page.keyboard.press("ArrowLeft")
    assert shown(dialog)[1] == names[1]
    # Tab cycles through the mode's buttons (and out to the browser's own bar, as a modal
    # <dialog> allows), never to the page behind it.
    for _ in range(2 * dialog.get_by_role("button").count()):
        page.keyboard.press("Tab")
        assert page.evaluate("!document.activeElement.closest('body > *') || "
                             "document.activeElement.closest('dialog') !== null")
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    assert page.evaluate("document.activeElement.textContent") == "Start"
    # The dialog's close event, which lets the screen sleep again, comes a moment after Escape.
    page.wait_for_function("window.__calls.wakeLock.length >= 2", timeout=5000)
    assert page.evaluate("window.__calls.wakeLock") == ["request screen", "release"]


def test_stopwatch_advances_and_pauses_then_the_content_countdown_beeps_and_vibrates_at_its_end(clocked, timed_name):
    dialog = open_mode(clocked)
    assert timer(dialog) == ("Stopwatch", "00:00")
    clocked.clock.run_for(1500)
    assert timer(dialog) == ("Stopwatch", "00:01")
    dialog.get_by_role("button", name="Pause").click()
    clocked.clock.run_for(5000)
    assert timer(dialog)[1] == "00:01"
    dialog.get_by_role("button", name="Resume").click()
    clocked.clock.run_for(2000)
    assert timer(dialog)[1] == "00:03"

    # On to the exercise whose content gives a time.
    while shown(dialog)[1] != timed_name:
        dialog.get_by_role("button", name="Next").click()
    assert timer(dialog) == ("Countdown", f"00:0{TIMED_SECONDS}")
    assert dialog.locator(".fa__cue").inner_text() == "Go"
    clocked.clock.run_for(TIMED_SECONDS * 1000 - 500)
    beeps, buzzes = calls(clocked)["beeps"], len(calls(clocked)["vibrate"])
    clocked.clock.run_for(700)
    assert timer(dialog)[1] == "00:00"
    assert dialog.locator(".fa__cue").inner_text() == "Rest"
    assert announced(dialog) == "Rest"
    assert dialog.get_by_role("button", name="Pause").is_disabled()
    assert calls(clocked)["vibrate"][buzzes:] == [REST_BUZZ]
    assert calls(clocked)["beeps"] > beeps
    # The other exercises have no duration: a stopwatch again.
    dialog.get_by_role("button", name="Next").click()
    assert dialog.locator(".fa__label").inner_text() == "Stopwatch"


def test_phone_chosen_timer_counts_down_beeps_vibrates_and_waits_for_next(clocked, steps):
    names, _ = steps
    dialog = open_mode(clocked)
    choose(dialog, "20 seconds")
    assert timer(dialog) == ("Your timer", "00:20")
    clocked.clock.run_for(10_000)
    assert timer(dialog) == ("Your timer", "00:10")
    clocked.clock.run_for(10_500)
    assert timer(dialog)[1] == "00:00"
    assert dialog.locator(".fa__cue").inner_text() == "Rest"
    assert calls(clocked)["vibrate"][-1] == REST_BUZZ
    clocked.clock.run_for(30_000)  # "wait for Next": it stays
    assert shown(dialog)[1] == names[0]
    dialog.get_by_role("button", name="Next").click()
    assert shown(dialog)[1] == names[1] and timer(dialog) == ("Your timer", "00:20")
    # An exercise whose content gives a time keeps it.
    while shown(dialog)[1] != names[2]:
        dialog.get_by_role("button", name="Next").click()
    assert timer(dialog) == ("Countdown", f"00:0{TIMED_SECONDS}")
    # Spoken cues are off until the member turns them on: no name or 3, 2, 1 was sent, tapping Next.
    assert spoken_names(clocked) == []


def test_phone_chosen_timer_advances_by_itself_after_a_get_ready_gap(clocked, steps, timed_name):
    names, _ = steps
    dialog = open_mode(clocked)
    choose(dialog, "20 seconds", "Go on by itself, with 5 seconds to get ready")
    assert timer(dialog) == ("Get ready", "00:05")
    clocked.clock.run_for(5_100)
    assert timer(dialog) == ("Your timer", "00:20")
    clocked.clock.run_for(20_000)
    assert shown(dialog) == (f"2 of {len(names)}", names[1])
    assert timer(dialog) == ("Get ready", "00:05")
    assert dialog.locator(".fa__cue").inner_text() == "Get ready"  # going on by itself, no Rest between
    clocked.clock.run_for(25_100)  # and so on, through the whole routine, to the finish screen
    assert shown(dialog)[1] == names[2]
    clocked.clock.run_for((len(names) - 2) * 25_500)
    # Each exercise took its 5 s to get ready and its time: 20 s, or the content's own.
    expected = sum(5 + (TIMED_SECONDS if timed_name in name else 20) for name in names)
    done = re.fullmatch(rf"Done: {len(names)} exercises in (\d+):(\d\d)", dialog.locator(".fa__name").inner_text())
    assert abs(int(done[1]) * 60 + int(done[2]) - expected) <= 2, done[0]
    assert dialog.locator(".fa__cue").inner_text() == "Done"
    # Nor going on by itself.
    assert spoken_names(clocked) == []


def test_settings_are_remembered_on_the_phone_across_visits(clocked, timed_site):
    dialog = open_mode(clocked)
    choose(dialog, "45 seconds", "Go on by itself, with 10 seconds to get ready", re.compile("Say each exercise"))
    visit_with_clock_stopped(clocked, timed_site)  # another visit, the same phone
    dialog = open_mode(clocked)
    assert timer(dialog) == ("Get ready", "00:10")
    clocked.clock.run_for(10_100)
    assert timer(dialog) == ("Your timer", "00:45")
    dialog.get_by_role("button", name="Settings").click()
    assert dialog.get_by_label("45 seconds").is_checked()
    assert dialog.get_by_label(re.compile("Say each exercise")).is_checked()
    # Only these three choices are kept (Material keeps its own "__palette" beside them).
    kept = clocked.evaluate("Object.fromEntries(Object.entries(localStorage).filter(([key]) => !key.includes('__')))")
    assert kept == {"warmup-follow-along": '{"time":45,"gap":10,"speak":true,"quiet":false}'}


def test_spoken_cues_say_the_name_and_3_2_1_when_on(clocked, steps):
    names, _ = steps
    dialog = open_mode(clocked)
    choose(dialog, "20 seconds", re.compile("Say each exercise"))
    assert spoken_names(clocked) == [names[0]]
    clocked.clock.run_for(16_500)
    assert spoken_names(clocked) == [names[0]]
    clocked.clock.run_for(4_000)
    assert spoken_names(clocked) == [names[0], "3", "2", "1"]
    dialog.get_by_role("button", name="Next").click()
    assert spoken_names(clocked)[-1] == names[1]


def test_finish_screen_shows_the_real_elapsed_time_and_the_reminders(clocked, steps, routine_file):
    names, reminders = steps
    dialog = open_mode(clocked)
    clocked.clock.run_for(6 * 60_000 + 12_000)  # 6:12 on the first exercise, then straight through
    for _ in names:
        dialog.get_by_role("button", name=re.compile("^(Next|Finish)$")).click()
    assert dialog.locator(".fa__name").inner_text() == f"Done: {len(names)} exercises in 6:12"
    text = dialog.locator(".fa__text").inner_text()
    assert reminders in text
    for point in routine_file["reminders"]["points"]:
        assert point["text"] in text
    assert not dialog.get_by_role("timer").is_visible()
    assert [b.inner_text() for b in dialog.locator(".fa__nav button").all() if b.is_visible()] == ["Back to the routine"]
    dialog.get_by_role("button", name="Back to the routine").click()
    assert not dialog.is_visible()
    # Back on the routine page, at the record that now holds this session: the dialog's close event, a task of its
    # own, moves the focus there from where the browser first puts it back (Start).
    expect(clocked.locator(".fa-habit")).to_be_focused()
    assert clocked.locator(".fa-habit").evaluate("box => { const r = box.getBoundingClientRect(); "
                                                 "return r.top >= 0 && r.bottom <= innerHeight; }")


def test_each_finished_session_is_recorded_on_the_phone_shown_cleared_and_never_sent(clocked, timed_site,
                                                                                     timed_project, steps):
    names, _ = steps
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(timed_site))

    def site_file(url: str) -> bool:
        path = timed_project.site_dir / urlsplit(url).path.lstrip("/")
        return path.is_file() or (path / "index.html").is_file()

    habit = clocked.locator(".fa-habit")
    assert "0 this week, 0 in all" in habit.inner_text()
    # A session from the week before: counted in all, not this week.
    clocked.evaluate("localStorage.setItem('warmup-sessions', "
                     f"JSON.stringify([{{date: '2026-11-18', routine: '{ROUTINE}'}}]))")
    visit_with_clock_stopped(clocked)
    assert "0 this week, 1 in all" in habit.inner_text()
    requests = []
    clocked.on("request", lambda request: requests.append((request.method, request.url)))
    dialog = open_mode(clocked)
    for _ in names:
        clocked.clock.run_for(20_000)  # long enough to count (tests/test_session_cues.py: the habit rule)
        dialog.get_by_role("button", name=re.compile("^(Next|Finish)$")).click()
    assert clocked.evaluate("JSON.parse(localStorage.getItem('warmup-sessions'))") == [
        {"date": "2026-11-18", "routine": ROUTINE}, {"date": "2026-11-25", "routine": ROUTINE}]
    dialog.get_by_role("button", name="Back to the routine").click()
    assert "1 this week, 2 in all" in habit.inner_text()
    days = habit.locator("li")
    assert [day.text_content() for day in days.all()] == ["Mon", "Tue", "Wed (done)", "Thu", "Fri", "Sat", "Sun"]
    # Nothing left the phone: during the session, only the site's own files were asked for.
    assert all(method == "GET" and url.startswith(origin + "/") and site_file(url) for method, url in requests), requests
    # Kept across visits, then cleared on request.
    visit_with_clock_stopped(clocked)
    assert "1 this week, 2 in all" in habit.inner_text()
    clocked.once("dialog", lambda prompt: prompt.accept())
    habit.get_by_role("button", name="Clear this record").click()
    assert "0 this week, 0 in all" in habit.inner_text()
    assert clocked.evaluate("localStorage.getItem('warmup-sessions')") == "[]"
    assert not habit.get_by_role("button", name="Clear this record").is_visible()


@pytest.mark.parametrize("width", [320, 360, 430])
def test_the_record_arrives_in_its_kept_place_without_moving_the_page(chromium, timed_site, width):
    context = phone_context(chromium, {"width": width, "height": 740})
    context.add_init_script(f"""
      localStorage.setItem('warmup-sessions', JSON.stringify([{{date: '2020-01-06', routine: '{ROUTINE}'}}]));
      window.__shifted = 0;
      new PerformanceObserver(list => list.getEntries().forEach(e => {{ window.__shifted += e.value; }}))
        .observe({{type: 'layout-shift', buffered: true}});""")
    page = context.new_page()
    page.goto(timed_site)
    page.get_by_role("button", name="Clear this record").wait_for()
    # Its fonts in and two frames drawn after the record: any shift it caused has been reported.
    page.evaluate(SETTLED_FRAMES)
    assert page.evaluate("window.__shifted") == 0
    context.close()


@pytest.mark.parametrize("viewport", SMALL_PHONES, ids=lambda v: f"{v['width']}x{v['height']}")
def test_no_text_is_covered_by_the_timer_or_the_buttons(chromium, timed_site, steps, viewport):
    """On every slide, the finish screen and the settings: each piece of text can be scrolled
    into the visible part of its pane, and there it touches none of the controls."""
    names, _ = steps
    context = phone_context(chromium, viewport)
    page = context.new_page()
    page.goto(timed_site)
    dialog = open_mode(page)
    check = """dialog => {
      const pane = [...dialog.querySelectorAll('.fa__page')].find(p => !p.hidden);
      const controls = ['.fa__bar', '.fa__progress', '.fa__foot'].map(s => dialog.querySelector(s))
        .filter(c => c.offsetParent !== null).map(c => c.getBoundingClientRect());
      const problems = [];
      for (const text of pane.querySelectorAll('p, li, h2, h3, legend, label, svg')) {
        if (!text.getClientRects().length) continue;  // not shown (an empty note line)
        text.scrollIntoView({block: 'nearest'});
        const box = text.getBoundingClientRect(), view = pane.getBoundingClientRect();
        if (box.top < view.top - 0.5 || box.bottom > view.bottom + 0.5) problems.push('out of reach: ' + text.textContent.slice(0, 40));
        for (const c of controls) {
          if (box.left < c.right - 0.5 && box.right > c.left + 0.5 && box.top < c.bottom - 0.5 && box.bottom > c.top + 0.5)
            problems.push('covered: ' + text.textContent.slice(0, 40));
        }
      }
      return problems;
    }"""
    for _ in names:
        assert dialog.evaluate(check) == [], shown(dialog)
        dialog.get_by_role("button", name=re.compile("^(Next|Finish)$")).click()
    assert dialog.evaluate(check) == [], "finish screen"
    dialog.get_by_role("button", name="Settings").click()
    assert dialog.evaluate(check) == [], "settings"
    context.close()


# In the dialog: each button shown (a box that is not empty, not hidden by its style, as Playwright's is_visible), with
# its text, width and height, read in one go.
SHOWN_BUTTONS = """dialog => [...dialog.querySelectorAll("button, [role=button], input[type=button], input[type=submit]")]
  .map(button => [button, button.getBoundingClientRect()])
  .filter(([button, box]) => box.width > 0 && box.height > 0 && getComputedStyle(button).visibility !== "hidden")
  .map(([button, box]) => [button.innerText, box.width, box.height])"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_state_passes_axe_core_with_big_buttons(chromium, timed_site, timed_name, scheme):
    context = phone_context(chromium, color_scheme=scheme)
    page = context.new_page()
    page.clock.install()  # time runs as usual, and the countdown's end is brought forward below
    page.goto(timed_site)
    assert page.evaluate("document.body.dataset.mdColorScheme") == {"light": "default", "dark": "slate"}[scheme]
    dialog = open_mode(page)

    def check(state: str):
        assert run_axe(page) == [], state
        shown_buttons = dialog.evaluate(SHOWN_BUTTONS)
        assert shown_buttons, state
        for text, width, height in shown_buttons:
            assert width >= MIN_TARGET_PX and height >= MIN_TARGET_PX, (state, text)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], state

    check("running")
    # Large type: the exercise's name and the clock are the biggest things on the screen.
    sizes = dialog.evaluate("d => ['.fa__name', '.fa__time', '.fa__text p'].map("
                            "s => parseFloat(getComputedStyle(d.querySelector(s)).fontSize))")
    assert sizes[0] >= 30 and sizes[1] >= 40 and sizes[2] >= 20
    dialog.get_by_role("button", name="Pause").click()
    check("paused")
    dialog.get_by_role("button", name="Settings").click()
    check("settings")
    dialog.get_by_label("20 seconds").check()
    dialog.get_by_label("Go on by itself, with 10 seconds to get ready").check()
    dialog.get_by_role("button", name="Done").click()
    dialog.get_by_role("button", name="Next").click()
    assert dialog.locator(".fa__label").inner_text() == "Get ready"
    check("get ready")
    dialog.get_by_role("button", name="Settings").click()
    dialog.get_by_label(PHONE_TIMES[0]).check()
    dialog.get_by_label("Wait for me to tap Next").check()
    dialog.get_by_role("button", name="Done").click()
    while shown(dialog)[1] != timed_name:
        dialog.get_by_role("button", name="Next").click()
    page.clock.run_for(TIMED_SECONDS * 1000 + 500)
    page.wait_for_selector("dialog[data-state=done]", timeout=3000)
    check("time is up")
    while dialog.locator(".fa__count").inner_text():
        dialog.get_by_role("button", name=re.compile("^(Next|Finish)$")).click()
    check("finished")
    dialog.get_by_role("button", name="Back to the routine").click()
    expect(page.locator(".fa-habit")).to_be_focused()  # tapped through, the session is not counted
    # Scrolled to the record, the header fades the page's title in (a frame or two after the
    # scroll): axe reads its colours once it has.
    page.wait_for_function("document.querySelector('.md-header__title--active') && !document.getAnimations()"
                           ".some(a => a instanceof CSSTransition && a.playState === 'running')")
    assert run_axe(page) == [], "the routine page with its record"
    context.close()


def test_all_of_our_javascript_as_shipped_stays_within_the_guides_budget(built):
    """The guide's budget (guide/follow-along.md), measured on the built site: every .js file outside
    Material's assets/, and every distinct inline script of every page (Material's few small ones
    included), each gzip-compressed on its own (harder than one stream, as a browser's compression would be)."""
    site = built.site_dir
    files = [path for path in site.rglob("*.js") if "assets" not in path.relative_to(site).parts]
    assert {path.name for path in files} >= {"follow-along.js", "search-on-demand.js", "sw.js"}
    inline = set()
    for page in site.rglob("*.html"):
        for attributes, body in INLINE_SCRIPT.findall(page.read_text("utf-8")):
            if "src=" not in attributes and not re.search(r'type="(?!text/javascript|module)', attributes):
                inline.add(body)
    ours = [path.read_bytes() for path in files] + [body.encode() for body in inline if body.strip()]
    assert any(b"warmup-after-first-paint" in part for part in ours)  # the loader was found
    total = sum(len(gzip.compress(part, 9)) for part in ours)
    assert total <= SIZE_LIMIT, f"{total} bytes gzip-compressed"
    assert not re.search(r"\bimport\b|\brequire\(", SCRIPT.read_text("utf-8")), "no dependencies"
