"""Comments on a scan: a thread control under every question (and for a flow or an action), the
open counts on a step and in the sidebar, the summary's list of open comments, and the comments
as plain records for the PDF.

Comments live in the workspace store beside the scan (pia_core/storage/workspace.py), never in
the scan itself: posting one changes no answer and is no autosave. The scan's comments are read
once per run (`refresh_comments`, at the top of the sidebar; `scan_comments` reads lazily when a
page runs without it) and kept in the session for that run; every question reads that one list.

Rights are the session's role (pia_core/ui/grant.py), checked in every callback: a read link sees
the threads but no input, and a callback it sends anyway is refused. Who writes: the signed-in
consultant (e-mail and name from the identity provider), else the name a person gives once per
session. All user text (comments, names) is shown escaped: never as Markdown or HTML.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import streamlit as st

from pia_core.formatting import number
from pia_core.i18n import t, tn
from pia_core.scan.dossier import is_organisation_key
from pia_core.storage import StoreUnavailable, open_workspace
from pia_core.storage.workspace import (
    MAX_COMMENT,
    MAX_COMMENTS_PER_SCAN,
    MAX_NAME,
    Author,
    AuthorKind,
    Comment,
    LimitReached,
    Target,
    TargetKind,
    UnknownComment,
    UnknownScan,
    WorkspaceStore,
    comment_text,
    one_line,
)
from pia_core.ui.grant import can_comment
from pia_core.ui.navigation import FLOWS, START, SUMMARY, PageRef, page_of, step_page, step_title
from pia_core.ui.persistence import REVISION_KEY
from pia_core.ui.persistence import current_scan_key as persisted_scan_key
from pia_core.ui.signin import signed_in
from pia_core.ui.state import assessment, cat, dossier, evaluation, lang
from pia_core.vocabulary import Language, step_of
from pia_core.wording.comments import CommentRecord, ThreadRecord, author_line, resolved_line

RUN_KEY = "_comments_run"  # this run's comments of the scan (ScanComments)
OPEN_KEY = "_comments_open"  # the panels (targets) whose threads are unfolded
NAME_KEY = "_comments_name"  # the name someone without sign-in gave, for the rest of the session
ERROR_PREFIX = "_comments_error_"  # + panel: why the last post there was refused (key, values)
REPLY_PREFIX = "_comments_reply_"  # + panel: the thread being answered
COMMENT_WIDGETS = "cm_"  # every widget key here: what is typed survives a language switch
TEXT_PREFIX = "cm_text_"  # + panel: the text area (kept as typed when a post is refused)
NAME_INPUT_PREFIX = "cm_name_"  # + panel: the name field, until the session has a name
TOGGLE_PREFIX = "cm_toggle_"
ICON = ":material/chat_bubble_outline:"
ICON_OPEN_THREADS = ":material/mark_chat_unread:"
MUTED = "#5A6270"  # the page's muted grey (style.css .pia-muted): 6:1 on white


# --- the scan's comments, read once per run ------------------------------------------------------


def current_scan_key() -> str | None:
    """The store's key of the scan this session comments on: the link's scan for a link session."""
    return persisted_scan_key()


@dataclass(frozen=True)
class Thread:
    first: Comment
    replies: tuple[Comment, ...] = ()

    @property
    def id(self) -> int:
        return self.first.id

    @property
    def target(self) -> Target:
        return self.first.target

    @property
    def is_open(self) -> bool:
        return self.first.is_open

    @property
    def size(self) -> int:
        return 1 + len(self.replies)


@dataclass(frozen=True)
class ScanComments:
    """The scan's comments as read at the start of this run."""

    key: str | None
    stored: bool  # the scan is in the store: only then can it be commented
    available: bool  # False: the store could not be reached
    threads: tuple[Thread, ...] = ()
    by_target: dict[Target, tuple[Thread, ...]] = field(default_factory=dict)

    def on(self, target: Target) -> tuple[Thread, ...]:
        return self.by_target.get(target, ())


def threads_of(comments: Iterable[Comment]) -> tuple[Thread, ...]:
    """Comments (oldest first) as threads: each first comment with its replies, oldest first."""
    firsts: dict[int, Comment] = {}
    replies: dict[int, list[Comment]] = {}
    for comment in comments:
        if comment.parent_id is None:
            firsts[comment.id] = comment
        else:
            replies.setdefault(comment.parent_id, []).append(comment)
    return tuple(Thread(first, tuple(replies.get(first.id, ()))) for first in firsts.values())


def _index(threads: Sequence[Thread]) -> dict[Target, tuple[Thread, ...]]:
    grouped: dict[Target, list[Thread]] = {}
    for thread in threads:
        grouped.setdefault(thread.target, []).append(thread)
    return {target: tuple(found) for target, found in grouped.items()}


def _read(key: str | None) -> ScanComments:
    if key is None:
        return ScanComments(None, stored=False, available=True)
    try:
        store = open_workspace()
        threads = threads_of(store.comments(key))
        # A scan with comments is stored; else the session knows (saved or loaded: a revision),
        # and only a fresh one asks the store.
        stored = bool(threads) or st.session_state.get(REVISION_KEY) is not None
        stored = stored or store.revision_key(key) is not None
    except StoreUnavailable:
        return ScanComments(key, stored=False, available=False)
    return ScanComments(key, stored=stored, available=True, threads=threads, by_target=_index(threads))


def refresh_comments() -> ScanComments:
    """Read the scan's comments for this run: once, before anything shows them (the sidebar)."""
    found = _read(current_scan_key())
    st.session_state[RUN_KEY] = found
    return found


def scan_comments() -> ScanComments:
    """This run's comments (read now if the run has not yet, or the scan changed since)."""
    found = st.session_state.get(RUN_KEY)
    if isinstance(found, ScanComments) and found.key == current_scan_key():
        return found
    return refresh_comments()


def _forget() -> None:
    """A write: the next read fetches the comments again."""
    st.session_state.pop(RUN_KEY, None)


# --- where a comment sits ------------------------------------------------------------------------


def question_target(question_id: str) -> Target:
    """A question's place: organisation-wide for step 0 (shared by every activity), else the
    chosen activity's."""
    activity = "" if is_organisation_key(question_id) else assessment().id
    return Target(activity, TargetKind.QUESTION, question_id)


def flow_target(flow_id: str) -> Target:
    return Target(assessment().id, TargetKind.FLOW, flow_id)


def action_target(finding_id: str) -> Target:
    return Target("" if is_organisation_key(finding_id) else assessment().id, TargetKind.ACTION, finding_id)


def _here(target: Target) -> bool:
    """Whether `target` belongs to the activity this session shows (or the whole organisation)."""
    return target.activity in ("", assessment().id)


def _live(target: Target, activities: set[str]) -> bool:
    """Comments on an activity that was deleted are left out of every count."""
    return target.activity == "" or target.activity in activities


def _step_of(target: Target) -> int | None:
    if target.kind is TargetKind.QUESTION:
        return step_of(target.target_id)
    if target.kind is TargetKind.STEP:
        return int(target.target_id) if target.target_id.isdigit() else None
    return None


def open_on_step(number: int) -> int:
    """Open threads on the questions (and the step itself) of step `number`, as this session
    shows it: the chosen activity, with the organisation's step 0."""
    return sum(
        thread.is_open and _here(thread.target) and _step_of(thread.target) == number
        for thread in scan_comments().threads
    )


def open_in_scan() -> int:
    """Open threads in the whole scan: every activity that still exists, and the organisation."""
    candidates = [thread for thread in scan_comments().threads if thread.is_open]
    if not candidates:
        return 0
    activities = set(dossier().ids)
    return sum(_live(thread.target, activities) for thread in candidates)


@dataclass(frozen=True)
class Place:
    label: str  # "3. Rechtmatigheid · Is er een grondslag?"
    page: PageRef | None  # where it is shown (None: this page, or no longer anywhere)
    order: tuple[int, int]  # steps in order, then flows and actions


def place_of(target: Target, language: Language) -> Place:
    """Where `target` sits, in words, with the page that shows it."""
    gone = Place(t("comments.place.gone", language), None, (99, 0))
    if target.kind in (TargetKind.QUESTION, TargetKind.STEP):
        number = _step_of(target)
        if number is None:
            return gone
        try:
            step = step_title(number, language)
        except KeyError:
            return gone
        page = START if number == 0 else step_page(number)
        if target.kind is TargetKind.STEP:
            return Place(t("comments.place.step", language, step=step), page, (number, 0))
        questions = cat().step(number).questions
        position = next((n for n, q in enumerate(questions, start=1) if q.id == target.target_id), None)
        if position is None:
            return gone
        text = questions[position - 1].text(language).text
        return Place(
            t("comments.place.question", language, step=step, question=text), page, (number, position)
        )
    if target.kind is TargetKind.FLOW:
        flows = assessment().flows
        for position, flow in enumerate(flows, start=1):
            if flow.id == target.target_id:
                name = f"{position}. {flow.name}"
                return Place(t("comments.place.flow", language, name=name), FLOWS, (90, position))
        return gone
    findings = {finding.id: finding for finding in evaluation().findings}
    finding = findings.get(target.target_id)
    if finding is None:
        return gone
    return Place(t("comments.place.action", language, action=finding.title[language]), SUMMARY, (95, 0))


# --- who writes ----------------------------------------------------------------------------------


def _one_line(text: str, limit: int) -> str:
    return " ".join(text.split())[:limit]


def current_author() -> Author | None:
    """The signed-in consultant, or the name given in this session; None: ask for a name."""
    if signed_in():
        email, name = st.user.get("email"), st.user.get("name")
        if isinstance(email, str) and email.strip():
            return Author.consultant(
                email.strip(), _one_line(name, MAX_NAME) if isinstance(name, str) else ""
            )
    name = st.session_state.get(NAME_KEY)
    return Author.link(name) if isinstance(name, str) and name else None


def _author_for(panel: str) -> Author | None:
    """The author of a post or a resolve from `panel`: known, or the name just typed there."""
    known = current_author()
    if known is not None:
        return known
    try:
        name = one_line(st.session_state.get(NAME_INPUT_PREFIX + panel), "a name", MAX_NAME)
    except ValueError:
        return None
    st.session_state[NAME_KEY] = name
    return Author.link(name)


# --- the callbacks: every one checks the session's role first ------------------------------------


def _panel_key(target: Target) -> str:
    return f"{target.kind.value}~{target.activity}~{target.target_id}"


def _fail(panel: str, key: str, **values: int) -> None:
    st.session_state[ERROR_PREFIX + panel] = (key, values)


def text_problem(text: str) -> tuple[str, dict[str, int]] | None:
    """Why the store would refuse `text` (the message's key and numbers), or None."""
    if not text.strip():
        return "comments.error.empty", {}
    if len(text) > MAX_COMMENT:
        return "comments.error.too_long", {"limit": MAX_COMMENT, "count": len(text)}
    try:
        comment_text(text)
    except ValueError:  # NUL, an unpaired surrogate
        return "comments.error.characters", {}
    return None


def _write(panel: str, action: Callable[[WorkspaceStore, str], object]) -> bool:
    """Do `action` on the store for the session's scan; on refusal say why under the panel."""
    key = current_scan_key()
    if key is None:
        _fail(panel, "comments.not_saved")
        return False
    try:
        action(open_workspace(), key)
    except UnknownScan:
        _fail(panel, "comments.not_saved")
    except UnknownComment:
        st.session_state.pop(REPLY_PREFIX + panel, None)
        _fail(panel, "comments.error.gone")
    except LimitReached:
        _fail(panel, "comments.error.limit", limit=MAX_COMMENTS_PER_SCAN)
    except StoreUnavailable:
        _fail(panel, "comments.unavailable")
    except ValueError:  # what text_problem did not foresee: the store's own checks
        _fail(panel, "comments.error.characters")
    else:
        st.session_state.pop(ERROR_PREFIX + panel, None)
        _forget()
        return True
    return False


def _allowed(panel: str) -> bool:
    if can_comment():
        return True
    _fail(panel, "comments.error.not_allowed")
    return False


def _allowed_author(panel: str) -> Author | None:
    """Who posts or resolves from `panel`; None (with the reason under the panel) when the session
    may not comment or has no name."""
    if not _allowed(panel):
        return None
    author = _author_for(panel)
    if author is None:
        _fail(panel, "comments.error.name", limit=MAX_NAME)
    return author


def post_comment(target: Target) -> None:
    """Post the panel's text as a new thread on `target`, or as a reply to the thread chosen."""
    panel = _panel_key(target)
    author = _allowed_author(panel)
    if author is None:
        return
    typed = st.session_state.get(TEXT_PREFIX + panel)
    text = typed if isinstance(typed, str) else ""
    problem = text_problem(text)
    if problem is not None:
        _fail(panel, problem[0], **problem[1])  # the text stays in the field, as typed
        return
    answering = st.session_state.get(REPLY_PREFIX + panel)
    parent = answering if isinstance(answering, int) else None
    if _write(panel, lambda store, key: store.add_comment(key, target, author, text, parent_id=parent)):
        st.session_state[TEXT_PREFIX + panel] = ""
        st.session_state.pop(REPLY_PREFIX + panel, None)


def resolve_thread(target: Target, thread_id: int) -> None:
    panel = _panel_key(target)
    author = _allowed_author(panel)
    if author is not None:
        _write(panel, lambda store, key: store.resolve_comment(key, thread_id, author))


def reopen_thread(target: Target, thread_id: int) -> None:
    panel = _panel_key(target)
    if _allowed(panel):
        _write(panel, lambda store, key: store.reopen_comment(key, thread_id))


def answer_thread(target: Target, thread_id: int | None) -> None:
    """Reply to `thread_id` with the panel's next post (None: a new thread again)."""
    panel = _panel_key(target)
    if not _allowed(panel):
        return
    if thread_id is None:
        st.session_state.pop(REPLY_PREFIX + panel, None)
    else:
        st.session_state[REPLY_PREFIX + panel] = thread_id


def _toggle(panel: str) -> None:
    """Unfold or fold a panel's threads (reading needs no right)."""
    shown = st.session_state.get(OPEN_KEY)
    shown = set(shown) if isinstance(shown, set) else set()
    shown.symmetric_difference_update({panel})
    st.session_state[OPEN_KEY] = shown
    if panel not in shown:
        st.session_state.pop(ERROR_PREFIX + panel, None)


# --- drawing ---------------------------------------------------------------------------------------


def _plain(text: str) -> str:
    """User text inside Markdown, shown as typed."""
    return "".join(f"\\{c}" if c in "\\`*_[]<>#|~!()" else c for c in text)


def record_of(comment: Comment) -> CommentRecord:
    return CommentRecord(
        author=comment.author.name,
        adviser=comment.author.kind is AuthorKind.CONSULTANT,
        created=comment.created,
        text=comment.text,
    )


def thread_record(thread: Thread, place: str) -> ThreadRecord:
    resolver = thread.first.resolved_by
    return ThreadRecord(
        place=place,
        first=record_of(thread.first),
        replies=tuple(record_of(reply) for reply in thread.replies),
        resolved=thread.first.resolved,
        resolved_by=resolver.name if resolver is not None else "",
    )


def _comment_html(comment: CommentRecord, language: Language) -> str:
    head = html.escape(author_line(comment, language))
    body = html.escape(comment.text)
    return (
        f"<div style='font-size:0.85rem;color:{MUTED}'><b>{head}</b></div>"
        f"<div dir='auto' style='white-space:pre-wrap;overflow-wrap:anywhere;margin:0 0 0.4rem'>{body}</div>"
    )


def thread_html(thread: ThreadRecord, language: Language) -> str:
    """A thread as escaped HTML: replies indented, a resolved thread greyed with who resolved it."""
    resolved = not thread.is_open
    parts = [_comment_html(thread.first, language)]
    parts += [
        f"<div style='margin-left:1.5rem;padding-left:0.6rem;border-left:2px solid #D5D9E0'>"
        f"{_comment_html(reply, language)}</div>"
        for reply in thread.replies
    ]
    if resolved:
        line = html.escape(resolved_line(thread, language))
        parts.append(f"<div style='font-size:0.85rem;font-style:italic;color:{MUTED}'>{line}</div>")
    colour = f"color:{MUTED};" if resolved else ""
    edge = "#D5D9E0" if resolved else "#8A93A3"
    return (
        f"<div class='pia-comment-thread' style='{colour}border-left:3px solid {edge};"
        f"padding-left:0.6rem;margin:0.2rem 0 0.3rem 0'>{''.join(parts)}</div>"
    )


def _show_error(panel: str, language: Language) -> None:
    found = st.session_state.get(ERROR_PREFIX + panel)
    if not (isinstance(found, tuple) and len(found) == 2):
        return
    key, values = found
    shown = {name: number(value, language) for name, value in values.items()}
    st.error(t(key, language, **shown), icon=":material/error:")


# A thread's buttons: (what, its icon, its callback); open threads get the first two, resolved the last.
THREAD_BUTTONS: tuple[tuple[str, str, Callable[[Target, int], None]], ...] = (
    ("reply", ":material/reply:", answer_thread),
    ("resolve", ":material/check:", resolve_thread),
    ("reopen", ":material/undo:", reopen_thread),
)


def _thread_buttons(target: Target, thread: Thread, language: Language) -> None:
    buttons = THREAD_BUTTONS[:2] if thread.is_open else THREAD_BUTTONS[2:]
    with st.container(horizontal=True, gap="small"):
        for what, icon, callback in buttons:
            st.button(
                t(f"comments.{what}", language),
                key=f"cm_{what}_{thread.id}",
                type="tertiary",
                icon=icon,
                on_click=callback,
                args=(target, thread.id),
            )


def _input(target: Target, threads: Sequence[Thread], language: Language) -> None:
    panel = _panel_key(target)
    answering = st.session_state.get(REPLY_PREFIX + panel)
    to = next((thread for thread in threads if thread.id == answering and thread.is_open), None)
    if to is None:
        st.session_state.pop(REPLY_PREFIX + panel, None)
    author = current_author()
    if author is None:
        st.text_input(
            t("comments.name_label", language),
            key=NAME_INPUT_PREFIX + panel,
            max_chars=MAX_NAME,
            help=t("comments.name_help", language),
        )
    elif author.kind is AuthorKind.LINK:
        st.caption(t("comments.posting_as", language, name=_plain(author.name)))
    label = (
        t("comments.reply_label", language, name=to.first.author.name)
        if to
        else t("comments.new_label", language)
    )
    # No max_chars: Streamlit would cut a longer text off without a word (and the browser counts
    # an emoji as two); post_comment says what is too long and keeps the text.
    limit = number(MAX_COMMENT, language)
    st.text_area(
        label, key=TEXT_PREFIX + panel, height=90, help=t("comments.text_help", language, limit=limit)
    )
    _show_error(panel, language)
    with st.container(horizontal=True, gap="small"):
        st.button(
            t("comments.post", language),
            key=f"cm_post_{panel}",
            icon=":material/send:",
            on_click=post_comment,
            args=(target,),
        )
        if to is not None:
            st.button(
                t("comments.cancel_reply", language),
                key=f"cm_cancel_{panel}",
                type="tertiary",
                on_click=answer_thread,
                args=(target, None),
            )


def render_threads(target: Target, place: str = "") -> None:
    """The threads on `target`, and (for a session that may comment) the field to add one."""
    language, found = lang(), scan_comments()
    panel = _panel_key(target)
    if not found.available:
        st.caption(t("comments.unavailable", language))
        return
    threads = found.on(target)
    # A scan answered for the first time in this run is saved at its end, before any post.
    stored = found.stored or bool(assessment().answers)
    writer = can_comment() and stored
    for thread in threads:
        st.html(thread_html(thread_record(thread, place), language))
        if writer:
            _thread_buttons(target, thread, language)
    if not threads:
        st.caption(t("comments.none", language))
    if not can_comment():
        st.caption(t("comments.read_only", language))
        _show_error(panel, language)  # a refused callback (the role changed while the page was open)
    elif not stored:
        st.caption(t("comments.not_saved", language))
    else:
        _input(target, threads, language)


def render_comments(target: Target) -> None:
    """The compact control under a question: "Opmerkingen (2)", unfolding the threads."""
    language = lang()
    threads = scan_comments().on(target)
    panel = _panel_key(target)
    count = sum(thread.size for thread in threads)
    shown = st.session_state.get(OPEN_KEY)
    unfolded = isinstance(shown, set) and panel in shown
    st.button(
        t("comments.toggle_count", language, count=count) if count else t("comments.toggle", language),
        key=TOGGLE_PREFIX + panel,
        type="tertiary",
        icon=ICON_OPEN_THREADS if any(thread.is_open for thread in threads) else ICON,
        help=t("comments.toggle_help", language),
        on_click=_toggle,
        args=(panel,),
    )
    if unfolded:
        with st.container(border=True):
            render_threads(target)


def render_question_comments(question_id: str) -> None:
    render_comments(question_target(question_id))


# --- counts and lists ------------------------------------------------------------------------------


def render_step_count(number: int) -> None:
    """ "3 open opmerkingen" under a step's heading; nothing when there are none."""
    count = open_on_step(number)
    if count:
        st.caption(f"{ICON_OPEN_THREADS} {tn('comments.open_count', lang(), count)}")


def render_sidebar_count() -> None:
    """ "3 open opmerkingen" for the whole scan, linking to the summary's list; nothing when none."""
    count = open_in_scan()
    if count:
        language = lang()
        st.page_link(
            page_of(SUMMARY, language),
            label=tn("comments.open_count", language, count),
            icon=ICON_OPEN_THREADS,
        )


def _activity_names(counts: dict[str, int]) -> str:
    whole = dossier()
    names = {item.id: item.activity.name or item.id for item in whole.activities}
    return ", ".join(f"{names[key]} ({count})" for key, count in counts.items() if key in names)


def _placed(threads: Iterable[Thread], language: Language) -> list[tuple[Place, Thread]]:
    """The threads of this activity (and the organisation) with their places, in the scan's order."""
    here = [thread for thread in threads if _here(thread.target)]
    return sorted(((place_of(thread.target, language), thread) for thread in here), key=lambda p: p[0].order)


def render_open_comments() -> None:
    """The summary's list of open comments here (this activity and the organisation), each with
    where it sits and a link to its page; a line naming other activities with open ones."""
    language, found = lang(), scan_comments()
    activities = set(dossier().ids)
    open_threads = [thread for thread in found.threads if thread.is_open and _live(thread.target, activities)]
    if not open_threads:
        return
    st.header(t("comments.summary.heading", language))
    for place, thread in _placed(open_threads, language):
        with st.container(border=True):
            if place.page is not None and place.page != SUMMARY:
                st.page_link(page_of(place.page, language), label=_plain(place.label), icon=place.page.icon)
            else:
                st.markdown(f"**{_plain(place.label)}**")
            st.html(thread_html(thread_record(thread, place.label), language))
    elsewhere: dict[str, int] = {}
    for thread in open_threads:
        if not _here(thread.target):
            elsewhere[thread.target.activity] = elsewhere.get(thread.target.activity, 0) + 1
    if elsewhere:
        st.caption(
            t("comments.summary.other_activities", language, activities=_plain(_activity_names(elsewhere)))
        )


def _picker(key: str, label: str, options: dict[Target, str]) -> None:
    """Choose one of `options` (target -> its name) and show its threads."""
    language, found = lang(), scan_comments()
    targets = {_panel_key(target): target for target in options}
    counts = {panel: sum(thread.is_open for thread in found.on(target)) for panel, target in targets.items()}

    def name(panel: str) -> str:
        count, text = counts[panel], options[targets[panel]]
        return f"{text} ({tn('comments.open_count', language, count)})" if count else text

    if st.session_state.get(key) not in targets:  # its flow or action is gone: the first one
        st.session_state.pop(key, None)
    chosen = st.selectbox(label, list(targets), format_func=name, key=key)
    if chosen is not None:
        render_threads(targets[chosen], options[targets[chosen]])


def _picker_section(section: str, key: str, names: dict[Target, str]) -> None:
    """The heading `comments.<section>.heading` and the picker of `names` (nothing when empty)."""
    if not names:
        return
    language = lang()
    st.subheader(t(f"comments.{section}.heading", language))
    _picker(key, t(f"comments.{section}.pick", language), names)


def render_flow_comments() -> None:
    """Comments per communication flow, below the flows table (one flow at a time)."""
    flows = assessment().flows
    names = {flow_target(flow.id): f"{n}. {flow.name}" for n, flow in enumerate(flows, start=1)}
    _picker_section("flows", "cm_pick_flow", names)


def render_action_comments() -> None:
    """Comments per action of the plan, below it (one action at a time)."""
    language = lang()
    found = evaluation().findings
    names = {action_target(item.id): f"{n}. {item.title[language]}" for n, item in enumerate(found, start=1)}
    _picker_section("action_plan", "cm_pick_action", names)


# --- the PDF ---------------------------------------------------------------------------------------

PDF_CHOICE_KEY = "cm_in_pdf"


def render_pdf_choice() -> None:
    """Whether the PDF gets the section "Opmerkingen van uw adviseur"; only offered when there are any."""
    if any(_here(thread.target) for thread in scan_comments().threads):
        language = lang()
        st.checkbox(
            t("comments.pdf_choice", language),
            key=PDF_CHOICE_KEY,
            help=t("comments.pdf_choice_help", language),
        )


def report_comments(language: Language) -> tuple[ThreadRecord, ...]:
    """The comments of the activity shown (and the organisation's), as plain records for the PDF:
    in the order of the scan (steps, flows, actions), each thread oldest first."""
    placed = _placed(scan_comments().threads, language)
    return tuple(thread_record(thread, place.label) for place, thread in placed)


def pdf_comments(language: Language) -> tuple[ThreadRecord, ...]:
    """What the PDF download hands the worker: the records when the choice is ticked, else none."""
    return report_comments(language) if st.session_state.get(PDF_CHOICE_KEY) is True else ()
