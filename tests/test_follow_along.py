"""Follow along: a routine one exercise at a time, on a phone, in Debian's Chromium.

A copy of the project where one exercise (only in the copy: the club's content gives
no durations) has `duration_seconds: 2`, so its countdown ends within the test.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import rjsmin

from browser import PHONE, serve
from conftest import REPO, copy_project, run_warmup
from test_phone import MIN_TARGET_PX, run_axe

ROUTINE = "hip-activation"
TIMED = "fire-hydrants"  # the exercise given a duration in the test copy
TIMED_SECONDS = 2
SCRIPT = REPO / "docs" / "javascripts" / "follow-along.js"
WORKER = REPO / "scripts" / "warmup" / "finish" / "service_worker.js"
SIZE_LIMIT = 10 * 1024

# Records what the page asks of the phone: vibration patterns, beeps, and the screen wake lock.
RECORDER = """
window.__calls = {vibrate: [], beeps: 0, wakeLock: []};
navigator.vibrate = pattern => { window.__calls.vibrate.push(pattern); return true; };
const start = OscillatorNode.prototype.start;
OscillatorNode.prototype.start = function (...args) { window.__calls.beeps += 1; return start.apply(this, args); };
Object.defineProperty(navigator, "wakeLock", {value: {request: type => {
  window.__calls.wakeLock.push("request " + type);
  return Promise.resolve({release: () => { window.__calls.wakeLock.push("release"); return Promise.resolve(); }});
}}});
"""


@pytest.fixture(scope="module")
def timed_site(tmp_path_factory, engine):
    project = copy_project(tmp_path_factory.mktemp(f"follow-along-{engine}") / "project")
    exercise = project.root / "content" / "exercises" / f"{TIMED}.yaml"
    exercise.write_text(exercise.read_text("utf-8").rstrip("\n") + f"\nduration_seconds: {TIMED_SECONDS}\n", "utf-8")
    run_warmup(project, "build", "--engine", engine)
    url, server = serve(project.site_dir)
    yield url + f"routines/{ROUTINE}/"
    server.shutdown()


@pytest.fixture(scope="module")
def steps(library):
    routine = next(r for r in library.routines if r.slug == ROUTINE)
    names = [" ".join(filter(None, (e.details.name, e.details.name_note))) for e in routine.exercises]
    return names, routine.details.reminders.heading


@pytest.fixture(scope="module")
def timed_name(library):
    return next(e.details.name for e in library.exercises if e.slug == TIMED)


@pytest.fixture
def page(chromium, timed_site):
    context = chromium.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    context.add_init_script(RECORDER)
    page = context.new_page()
    page.goto(timed_site)
    yield page
    context.close()


def open_mode(page):
    page.get_by_role("button", name="Start").click()
    dialog = page.get_by_role("dialog", name="Hip Activation for Runners")
    dialog.wait_for()
    return dialog


def shown(dialog) -> tuple[str, str]:
    return dialog.locator(".fa__count").inner_text(), dialog.locator(".fa__name").inner_text()


def announced(dialog) -> str:
    live = dialog.locator("[aria-live]")
    live.page.wait_for_function("el => el.textContent !== ''", arg=live.element_handle())
    return live.text_content()


def test_without_javascript_the_routine_page_is_the_plain_list(chromium, timed_site, steps):
    names, _ = steps
    context = chromium.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(timed_site)
    assert page.get_by_role("button", name="Start").count() == 0
    assert page.locator("dialog").count() == 0
    headings = page.locator("article h3").all_inner_texts()
    assert headings == [f"{number}. {name}" for number, name in enumerate(names, start=1)]
    context.close()


def test_start_steps_through_every_exercise_forward_and_back(page, steps):
    names, reminders = steps
    dialog = open_mode(page)
    total = len(names)
    for number, name in enumerate(names, start=1):
        assert shown(dialog) == (f"{number} of {total}", name)
        assert announced(dialog) == f"{number} of {total}: {name}"
        dialog.get_by_role("button", name="Next").click()
    assert dialog.locator(".fa__name").inner_text() == reminders
    assert "Quality reps matter more than quantity" in dialog.inner_text()
    assert dialog.get_by_role("button", name="Finish").is_visible()
    for number in range(total, 0, -1):
        dialog.get_by_role("button", name="Previous").click()
        assert shown(dialog) == (f"{number} of {total}", names[number - 1])
    assert dialog.get_by_role("button", name="Previous").is_disabled()
    dialog.get_by_role("button", name="Previous").click(force=True)  # a tap on it does nothing
    assert shown(dialog) == (f"1 of {total}", names[0])


def test_each_step_shows_the_how_to_text_from_the_page(page):
    dialog = open_mode(page)
    assert dialog.locator(".fa__text").inner_text().startswith("Lie on your back, knees bent, feet flat.")
    assert dialog.locator("[id]").evaluate_all("els => els.map(e => e.id)") == ["fa-routine"]


def test_keyboard_steps_and_escape_returns_to_start(page, steps):
    names, _ = steps
    dialog = open_mode(page)
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


def test_swiping_sideways_moves_between_exercises(page, steps):
    names, _ = steps
    dialog = open_mode(page)
    box = dialog.locator(".fa__page").bounding_box()
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


def test_stopwatch_advances_and_pauses(page):
    dialog = open_mode(page)
    assert dialog.locator(".fa__label").inner_text() == "Stopwatch"
    assert dialog.get_by_role("timer").inner_text() == "00:00"
    page.wait_for_timeout(1500)
    assert dialog.get_by_role("timer").inner_text() == "00:01"
    dialog.get_by_role("button", name="Pause").click()
    paused = dialog.get_by_role("timer").inner_text()
    page.wait_for_timeout(1200)
    assert dialog.get_by_role("timer").inner_text() == paused
    dialog.get_by_role("button", name="Resume").click()
    page.wait_for_timeout(1200)
    assert dialog.get_by_role("timer").inner_text() != paused


def test_countdown_beeps_and_vibrates_at_its_end(page, timed_name):
    dialog = open_mode(page)
    while shown(dialog)[1] != timed_name:
        dialog.get_by_role("button", name="Next").click()
    assert dialog.locator(".fa__label").inner_text() == "Countdown"
    assert dialog.get_by_role("timer").inner_text() == f"00:0{TIMED_SECONDS}"
    assert not dialog.locator(".fa__done").is_visible()
    page.wait_for_selector("dialog[data-state=done]", timeout=(TIMED_SECONDS + 2) * 1000)
    assert dialog.get_by_role("timer").inner_text() == "00:00"
    assert dialog.locator(".fa__done").inner_text() == "Time!"
    assert announced(dialog) == "Time!"
    assert dialog.get_by_role("button", name="Pause").is_disabled()
    calls = page.evaluate("window.__calls")
    assert calls["vibrate"] == [[200, 100, 200]]
    assert calls["beeps"] == 1
    # The other exercises have no duration: a stopwatch again.
    dialog.get_by_role("button", name="Next").click()
    assert dialog.locator(".fa__label").inner_text() == "Stopwatch"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_open_mode_passes_axe_core_and_has_big_buttons(page, scheme):
    page.emulate_media(color_scheme=scheme)  # the phone's setting changed since the page was opened
    page.reload()
    assert page.evaluate("document.body.dataset.mdColorScheme") == {"light": "default", "dark": "slate"}[scheme]
    dialog = open_mode(page)
    assert run_axe(page) == []
    for button in dialog.get_by_role("button").all():
        box = button.bounding_box()
        assert box["width"] >= MIN_TARGET_PX and box["height"] >= MIN_TARGET_PX, button.inner_text()
    # Large type: the exercise's name and the clock are the biggest things on the screen.
    sizes = dialog.evaluate("d => ['.fa__name', '.fa__time', '.fa__text p'].map("
                            "s => parseFloat(getComputedStyle(d.querySelector(s)).fontSize))")
    assert sizes[0] >= 30 and sizes[1] >= 40 and sizes[2] >= 20
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_script_and_service_worker_stay_under_10_kib_minified(built):
    shipped = (built.site_dir / "javascripts" / SCRIPT.name).read_bytes()  # minified by the build
    minified = len(shipped) + len(rjsmin.jsmin(WORKER.read_text("utf-8")).encode())
    assert minified <= SIZE_LIMIT, f"{minified} bytes minified"
    assert not re.search(r"\bimport\b|\brequire\(", SCRIPT.read_text("utf-8")), "no dependencies"
