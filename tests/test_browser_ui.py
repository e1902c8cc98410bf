"""The chat page in Chromium: a popover closes on Escape, and the phone layout (intro, examples, conversation list)."""

from __future__ import annotations

import pytest

from eaeu_qa.ui import wording
from test_browser import (ARTIFACTS, QUESTION, STEP_TIMEOUT_MS, _ask, _context, _wait_for_answers,  # tests/ on sys.path
                          browser, server, server_data)  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser
PHONE = (390, 844)


def test_escape_closes_a_markers_popover_without_moving_focus_and_it_opens_again(server, page):  # noqa: F811
    page.goto(server)
    _ask(page, QUESTION)
    _wait_for_answers(page, 1)
    marker = page.locator(".eaeu-cite").first
    popover = marker.locator(".eaeu-pop")
    marker.focus()  # where Tab puts it
    popover.wait_for(state="visible")
    assert "ToTA" in popover.inner_text() and "CC BY-NC 4.0" in popover.inner_text()  # treaty text, attributed
    page.keyboard.press("Escape")
    popover.wait_for(state="hidden")
    assert marker.evaluate("m => document.activeElement === m")  # dismissed, focus kept
    page.screenshot(path=str(ARTIFACTS / "ui-escape-closed.png"))
    marker.evaluate("m => m.blur()")
    marker.focus()
    popover.wait_for(state="visible")  # the next visit shows it again
    marker.evaluate("m => m.blur()")
    page.mouse.move(0, 0)
    marker.hover()
    popover.wait_for(state="visible")
    page.keyboard.press("Escape")
    popover.wait_for(state="hidden")  # under the pointer too
    page.mouse.move(0, 0)
    marker.hover()
    popover.wait_for(state="visible")


@pytest.fixture
def page(browser):  # noqa: F811
    context = _context(browser)
    yield context.new_page()
    context.close()


@pytest.fixture
def phone(browser):  # noqa: F811
    context = _context(browser, *PHONE)
    yield context.new_page()
    context.close()


def test_on_a_phone_the_intro_says_tap_examples_start_left_and_delete_stays_beside_its_title(server, phone):  # noqa: F811
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import expect

    phone.goto(server)
    phone.get_by_text(wording.APP_TITLE).wait_for()
    assert "tap" in wording.APP_INTRO
    # Streamlit sends the title and the intro as separate deltas: wait for the intro's words, not just the title
    expect(phone.locator("body")).to_contain_text("tap a [n]", timeout=STEP_TIMEOUT_MS)
    examples = [phone.locator(f".st-key-example-{n} button") for n in range(len(wording.EXAMPLE_QUESTIONS))]
    for example in examples:
        example.wait_for()
    starts = [b.locator("p").first.bounding_box()["x"] - b.bounding_box()["x"] for b in examples]
    assert max(starts) - min(starts) < 3, f"the example texts do not start at one left edge: {starts}"
    phone.screenshot(path=str(ARTIFACTS / "ui-phone-start.png"))

    examples[1].click()
    _wait_for_answers(phone, 1)
    phone.get_by_test_id("stExpandSidebarButton").click()
    # Streamlit keeps a hidden copy of the list's buttons, and the sidebar slides in: wait for a shown delete icon
    # on the row of a shown title, within the screen (with the old layout it sat on a line of its own, below).
    beside = f"""() => {{
        const shown = (sel) => [...document.querySelectorAll(sel)].map(b => b.getBoundingClientRect())
                                 .filter(r => r.width > 0 && r.height > 0 && r.left >= 0 && r.right <= {PHONE[0]});
        const titles = shown('[class*="st-key-open-"] button'), icons = shown('[class*="st-key-delete-"] button');
        return titles.some(t => icons.some(d => d.top < t.bottom && d.bottom > t.top && d.left >= t.right));
    }}"""
    try:
        phone.wait_for_function(beside, timeout=STEP_TIMEOUT_MS)
    except PlaywrightTimeout:
        phone.screenshot(path=str(ARTIFACTS / "ui-phone-sidebar-failed.png"))
        pytest.fail("the conversation's delete icon is not on its title's row")
    phone.screenshot(path=str(ARTIFACTS / "ui-phone-sidebar.png"))
