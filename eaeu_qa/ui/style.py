"""The app's CSS (passages, [n] markers and their popovers, the reader) and its page script (popovers, phone menu)."""

from __future__ import annotations

import json

import streamlit as st

FOCUS_RING = "#1a5fb4"  # the markers' blue
CAPTION_TEXT = "#6b6762"  # captions' grey
CSS = """
<style>
.eaeu-passage, .eaeu-context { font-size: 0.92rem; line-height: 1.5; padding: 0.5rem 0.75rem;
  border-left: 3px solid #c9a227; background: rgba(127,127,127,0.06); margin: 0.25rem 0 0.5rem 0; }
.eaeu-context { border-left-color: #bbb; }
.eaeu-context.cited { border-left-color: #c9a227; }
mark { background: #ffe17a; color: inherit; padding: 0 0.1em; border-radius: 2px; }
.eaeu-answer { line-height: 1.6; position: relative; }
/* The bottom margin keeps the Feedback button (or the Sources line) off the box: a refusal with no source card
   had it flush under the box. */
.eaeu-refusal { padding: 0.75rem 1rem; border-radius: 0.5rem; background: rgba(255, 193, 7, 0.14);
  border-left: 4px solid #e0a800; color: inherit; margin-bottom: 1rem; }
.eaeu-refusal-heading { font-weight: 700; }
.eaeu-refusal-heading::before { content: "⊘ "; color: #b07d00; }
.eaeu-cite { display: inline; cursor: pointer; }
.eaeu-marker { color: #1a5fb4; font-weight: 600; border-bottom: 1px dotted #1a5fb4; padding: 0 1px; }
.eaeu-cite:focus .eaeu-marker, .eaeu-cite:hover .eaeu-marker { background: #ffe17a; }
/* Keyboard focus is a ring, not only a fill (WCAG 2.4.7): on the [n] markers and on the sidebar's page links, whose
   faint focus fill was the same as the current page's mark. The ring's blue against the white and the sidebar's grey:
   over 6:1 (3:1 needed, WCAG 1.4.11). The ring is on the focused element itself (the marker's .eaeu-cite): it was on
   its inner [n] while .eaeu-cite said "outline: none", so the focused element reported no ring (audit A13); drawn
   on the inline .eaeu-cite it rings the [n] only (its popover is positioned out of the line box). */
.eaeu-cite:focus-visible, [data-testid="stSidebarNavLink"]:focus-visible {
  outline: 2px solid FOCUS_RING; outline-offset: 2px; border-radius: 3px; }
/* A table (the Evaluation page's) takes the keyboard into its cells, which the grid draws on a canvas with a faint
   1 px mark: the whole table is ringed while a cell has the keyboard focus (audit N9). */
[data-testid="stDataFrame"]:has(:focus-visible) { outline: 2px solid FOCUS_RING; outline-offset: 2px; border-radius: 3px; }
/* The Evaluation page's run history (evaluation.history_html): a table on a wide screen, a card per run on a phone
   (it was a grid that scrolled sideways in its box there); its box is the one Tab stop, ringed. */
.eaeu-history { overflow-x: auto; margin: 0.5rem 0 1rem 0; width: fit-content; max-width: 100%; }
.eaeu-history:focus-visible { outline: 2px solid FOCUS_RING; outline-offset: 2px; border-radius: 3px; }
.eaeu-history table { border-collapse: collapse; font-size: 0.88rem; }
.eaeu-history th, .eaeu-history td { padding: 0.3rem 0.7rem; border-bottom: 1px solid #e4e1dc; text-align: left;
  white-space: nowrap; font-weight: normal; }
.eaeu-history thead th { font-weight: 600; border-bottom-width: 2px; }
.eaeu-history .num { text-align: right; font-variant-numeric: tabular-nums; }
@media (max-width: 640px) {
  .eaeu-history { width: auto; }
  .eaeu-history table, .eaeu-history tbody, .eaeu-history th, .eaeu-history td { display: block; }
  .eaeu-history thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
  .eaeu-history tr { display: grid; grid-template-columns: 1fr 1fr; column-gap: 1.2rem; border: 1px solid #e4e1dc;
    border-radius: 6px; padding: 0.4rem 0.7rem; margin-bottom: 0.5rem; }
  .eaeu-history th, .eaeu-history td { border: none; padding: 0.1rem 0; white-space: normal; overflow-wrap: anywhere; }
  .eaeu-history tbody th { font-weight: 600; grid-column: 1 / -1; }
  .eaeu-history td { display: flex; justify-content: space-between; gap: 0.5rem; }
  .eaeu-history td::before { content: attr(data-label); color: CAPTION_TEXT; text-align: left; }
  .eaeu-history td.num { white-space: nowrap; }
}
/* Captions (the intro, source lines and their links, the sidebar's notes) were Streamlit's text at 60 % opacity:
   3.8:1 against the white, links in them 3.0:1. A solid grey reads 5.6:1 on the white, 5.1:1 on the sidebar's grey
   (WCAG 1.4.3 asks 4.5:1), and links keep their own colour. */
[data-testid="stCaptionContainer"] { opacity: 1; color: CAPTION_TEXT; }
/* Rebuild index, disabled while a rebuild runs: Streamlit's faded label read 2.3:1 on the sidebar's grey; the
   captions' grey reads 5.3:1 and still looks inactive beside the enabled buttons' near-black (13.7:1). */
.st-key-rebuild button:disabled, .st-key-rebuild button:disabled * { color: CAPTION_TEXT; opacity: 1; }
/* The answerer's select, disabled when only the extractive answerer is available: its value (which answerer answers)
   and its label read 2.3:1 in Streamlit's faded text; the captions' grey. */
.st-key-answerer input:disabled { color: CAPTION_TEXT; -webkit-text-fill-color: CAPTION_TEXT; opacity: 1; }
.st-key-answerer:has(input:disabled) [data-testid="stWidgetLabel"] p { color: CAPTION_TEXT; }
/* Positioned against the whole answer (full width, just under the marker's line), so it never leaves the page. */
.eaeu-pop { display: none; position: absolute; z-index: 1000; left: 0; right: 0; margin-top: 1.7em;
  padding: 0.6rem 0.75rem; background: #fffdf5; color: #222; border: 1px solid #c9a227; border-radius: 6px;
  box-shadow: 0 4px 16px rgba(0,0,0,0.18); font-size: 0.88rem; line-height: 1.45; white-space: normal;
  font-weight: normal; cursor: auto; }
.eaeu-cite:hover .eaeu-pop, .eaeu-cite:focus .eaeu-pop, .eaeu-cite:focus-within .eaeu-pop { display: block; }
/* Escape closes an open popover (WCAG 1.4.13) until the pointer and the focus have both left its marker. */
.eaeu-cite.eaeu-dismissed .eaeu-pop { display: none; }
.eaeu-conversation-detail { font-size: 0.75rem; opacity: 0.75; margin: -0.6rem 0 0.4rem 0.2rem; }
.eaeu-pop-label { display: block; font-weight: 600; margin-bottom: 0.25rem; }
/* The quoted words as the document has them, no marks added (ui_format.marker_html): the block, ruled like a source
   card's passage, is the quote's extent; a cut quote ends in "…". */
.eaeu-pop-quote { display: block; font-style: italic; margin-bottom: 0.35rem; border-left: 3px solid #c9a227;
  padding-left: 0.5rem; }
/* A popover opened above its marker (PAGE_SCRIPT: no room under it): its top is set there, its gap is none. */
.eaeu-pop.eaeu-pop-above { margin-top: 0; }
.eaeu-pop a { color: #1a5fb4; }
.eaeu-pop-source { display: block; font-size: 0.78rem; color: #555; margin-bottom: 0.35rem; }
.eaeu-language { background: rgba(26, 95, 180, 0.08); border-left-color: #1a5fb4; }
.eaeu-language .eaeu-refusal-heading::before { content: "⇄ "; color: #1a5fb4; }
.eaeu-editorial { font-size: 0.78rem; color: #8a6d00; border: 1px dashed #c9a227; border-radius: 3px;
  padding: 0 0.3em; margin-left: 0.3em; white-space: nowrap; }
.eaeu-para { font-size: 0.95rem; line-height: 1.55; padding: 0.35rem 0.75rem; margin: 0.2rem 0;
  border-left: 3px solid transparent; scroll-margin-top: 5rem; }
.eaeu-para.target { border-left-color: #c9a227; background: rgba(201,162,39,0.10); }
.eaeu-loc { font-weight: 600; margin-right: 0.4em; }
.eaeu-article-heading { font-weight: 700; font-size: 1.05rem; margin: 0.9rem 0 0.3rem 0; }
/* Scrolling a question into view leaves room for Streamlit's top bar, which is opaque on narrow screens. */
[data-testid="stChatMessage"] { scroll-margin-top: 4rem; }
.eaeu-from-upload { font-size: 0.8rem; color: #8a3b00; font-weight: 600; }
/* Example questions: their text starts at the left edge, whether it wraps or not. */
[class*="st-key-example-"] button { justify-content: flex-start; text-align: left; }
[class*="st-key-example-"] button p { text-align: left; }
/* The delete and remove icon buttons carry their name as text ("Delete the conversation “…”"), for a screen reader
   (they read "delete icon"); on screen the icon alone, as before. */
[class*="st-key-delete-"] button [data-testid="stMarkdownContainer"],
[class*="st-key-remove-"] button [data-testid="stMarkdownContainer"] { position: absolute; width: 1px; height: 1px;
  overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
/* Keyboard focus on Streamlit's own buttons, links, expanders and popovers was a 3 px shadow of its blue at 50 %
   opacity, (143, 175, 197) on the white: 2.3:1 (WCAG 1.4.11 asks 3:1). The markers' ring: 6.3:1 on the white. */
[data-testid="stApp"] :is(button, a, summary):focus-visible { outline: 2px solid FOCUS_RING; outline-offset: 2px; }
/* <main> is a Tab stop of its own: it is the page's scroll container (arrow keys and Page Down scroll the chat from
   it) and the target of Streamlit's "Skip to main content" link, so it stays in the tab order. Its focus showed
   nothing (audit s18): the same ring, drawn inside its edge (it fills the window, an outer ring would be cut off). */
[data-testid="stApp"] main.stMain:focus-visible { outline: 2px solid FOCUS_RING; outline-offset: -2px; }
/* The chat input's bar lies inside <main>, over its lower edge, and is opaque: the ring went under it (s19). While
   <main> has the focus the bar draws the same ring on its own left, right and bottom edges, which are <main>'s. */
[data-testid="stApp"] main.stMain:focus-visible [data-testid="stBottom"] > div {
  box-shadow: inset 2px 0 0 FOCUS_RING, inset -2px 0 0 FOCUS_RING, inset 0 -2px 0 FOCUS_RING; }
/* The Sources line over the cards sat flush under the answer's last line and read as part of the answer. */
.eaeu-sources-heading { margin-top: 1rem; }
/* A phone: Streamlit keeps 56 px under the chat input (as on a desktop), blank space under the thumb; the home
   indicator's inset where there is one. The title took three lines at 44 px, a quarter of the first screen. */
@media (max-width: 640px) {
  [data-testid="stBottom"] [data-testid="stBottomBlockContainer"] {
    padding-bottom: max(1rem, env(safe-area-inset-bottom)); }
  [data-testid="stApp"] main.stMain h1 { font-size: 2rem; }
}
/* The conversation list keeps its delete icon beside the title on a phone (columns would stack under 640 px). */
[data-testid="stSidebar"] [data-testid="stHorizontalBlock"]:has([class*="st-key-delete-"]) { flex-wrap: nowrap; }
[data-testid="stSidebar"] [data-testid="stHorizontalBlock"]:has([class*="st-key-delete-"]) > [data-testid="stColumn"]
  { min-width: 0; }
</style>
""".replace("FOCUS_RING", FOCUS_RING).replace("CAPTION_TEXT", CAPTION_TEXT)
# The page's behaviour that CSS cannot give, registered once per page (a guard on window: every run calls apply()).
# - Escape closes the [n] popover under the pointer or the focus, without moving either (WCAG 1.4.13, dismissible);
#   it shows again once the pointer and the focus have both left its marker.
# - A popover opens under its marker's line, or above it when it would reach past the visible area's bottom (the
#   chat input's bar, or the window's edge) and there is more room above: a marker on a phone's last visible line
#   opened its popover under the chat input and off the screen, its links out of reach.
# - On a phone the sidebar is a menu laid over the page: choosing a place in it (a page, a conversation, a place in
#   the reader's contents) closes it, as a phone's menu does; Streamlit left it open over the page chosen. Told by
#   geometry, not by a width: the sidebar covers the main area. The selector lists the sidebar's controls that take
#   the reader elsewhere (its page links and the keys given to those buttons in ui/sidebar.py and ui/reader.py).
MENU_CHOICES = ('[data-testid="stSidebarNavLink"], .st-key-new-conversation button, [class*="st-key-open-"] button, '
                '[class*="st-key-toc-"] button')
PAGE_SCRIPT = """<script>
(() => {
  if (window.eaeuPageScript) return;
  window.eaeuPageScript = true;
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    document.querySelectorAll(".eaeu-cite:hover, .eaeu-cite:focus-within")
      .forEach((cite) => cite.classList.add("eaeu-dismissed"));
  }, true);
  const release = (event, stillThere) => {
    const cite = event.target.closest && event.target.closest(".eaeu-cite.eaeu-dismissed");
    if (cite && !cite.contains(event.relatedTarget) && !stillThere(cite)) cite.classList.remove("eaeu-dismissed");
  };
  document.addEventListener("mouseout", (e) => release(e, (cite) => cite.contains(document.activeElement)), true);
  document.addEventListener("focusout", (e) => release(e, (cite) => cite.matches(":hover")), true);

  const place = (cite) => {
    const pop = cite.querySelector(".eaeu-pop"), marker = cite.querySelector(".eaeu-marker");
    if (!pop || !marker) return;
    resized.observe(pop);
    pop.classList.remove("eaeu-pop-above");
    pop.style.top = "";
    const box = pop.getBoundingClientRect();
    if (!box.height || !pop.offsetParent) return;  // not shown
    const bar = document.querySelector('[data-testid="stBottom"]');
    const header = document.querySelector('[data-testid="stHeader"]');
    const floor = Math.min(window.innerHeight, bar ? bar.getBoundingClientRect().top : Infinity);
    const ceiling = header ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
    const line = marker.getBoundingClientRect();
    if (box.bottom <= floor || line.top - ceiling <= floor - line.bottom) return;
    pop.classList.add("eaeu-pop-above");
    pop.style.top = `${line.top - pop.offsetParent.getBoundingClientRect().top - box.height}px`;
  };
  // A popover's size changes once it is shown: the quote's italic face loads on the first one (a line fewer), so
  // one placed above its marker hung 20 px over it. A shown popover is placed again when its size changes.
  const resized = new ResizeObserver((entries) => entries.forEach((entry) => {
    const cite = entry.target.closest(".eaeu-cite");
    if (cite && entry.contentRect.height) place(cite);
  }));
  const opened = (event) => {
    const cite = event.target.closest && event.target.closest(".eaeu-cite");
    if (cite && !cite.contains(event.relatedTarget)) place(cite);
  };
  document.addEventListener("mouseover", opened, true);
  document.addEventListener("focusin", opened, true);

  document.addEventListener("click", (event) => {
    const choice = event.target.closest && event.target.closest(CHOICES);
    const sidebar = choice && choice.closest('[data-testid="stSidebar"]');
    const main = document.querySelector("main.stMain");
    if (!sidebar || !main) return;
    if (sidebar.getBoundingClientRect().right <= main.getBoundingClientRect().left + 1) return;  // beside the page
    setTimeout(() => {
      const close = sidebar.querySelector('[data-testid="stSidebarCollapseButton"] button');
      if (close) close.click();
    }, 0);
  }, true);
})();
</script>""".replace("CHOICES", json.dumps(MENU_CHOICES))


def apply() -> None:
    st.markdown(CSS, unsafe_allow_html=True)
    st.html(PAGE_SCRIPT, unsafe_allow_javascript=True)
