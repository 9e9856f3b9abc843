"""The editor password: its rate limit (failed attempts counted for the whole server process) and the sign-in box
of the editors' tab."""

from __future__ import annotations

import hashlib
import hmac
import math
import threading
import time
from collections.abc import Callable
from typing import Literal

import streamlit as st


class PasswordThrottle:
    """Failed password attempts, counted for the whole process (every session, so new sessions do not help an
    attacker). After `free` failures in a row checking is locked for `first_wait` seconds, doubling with each further
    failure up to `longest_wait`; while locked no password is compared at all, so a right one is refused too."""

    def __init__(
        self, free: int = 5, first_wait: float = 30, longest_wait: float = 900, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.free, self.first_wait, self.longest_wait, self.clock = free, first_wait, longest_wait, clock
        self.failures = 0
        self.locked_until = 0.0
        self._lock = threading.Lock()  # sessions run in threads of their own

    def check(self, password: str, expected: str) -> Literal["accepted", "wrong", "locked"]:
        with self._lock:
            if self.clock() < self.locked_until:
                return "locked"
            if hmac.compare_digest(password.encode(), expected.encode()):
                self.failures, self.locked_until = 0, 0.0
                return "accepted"
            self.failures += 1
            if self.failures >= self.free:
                wait = self.first_wait * 2 ** min(self.failures - self.free, 20)
                self.locked_until = self.clock() + min(wait, self.longest_wait)
            return "wrong"

    def seconds_to_wait(self) -> int:
        return max(1, math.ceil(self.locked_until - self.clock()))


EDITOR_PASSWORD = PasswordThrottle()  # lives as long as the server process: the app's script reruns, modules stay


def editor_signed_in(expected: str, text: dict[str, str]) -> bool:
    """The editor password, rate-limited across all sessions; each password typed counts once, however often
    the page reruns. A session stays signed in (as the password it signed in with) until "Sign out": only the open tab
    runs, and the password box of a tab not drawn is emptied."""
    if not expected:
        st.info(text["admin_off"])
        return False
    signed_in_as = hashlib.sha256(expected.encode()).hexdigest()  # the password a session signed in with, not kept
    if st.session_state.get("editor") == signed_in_as:
        st.caption(text["signed_in"])
        st.button(text["sign_out"], on_click=st.session_state.pop, args=("editor", None))
        return True
    password = st.text_input(text["password"], type="password", key="password")
    if not password:
        return False
    typed = hashlib.sha256(password.encode()).hexdigest()  # remembered per session instead of the password
    checked = st.session_state.get("password_checked")  # (typed, accepted)
    if checked is None or checked[0] != typed:
        verdict = EDITOR_PASSWORD.check(password, expected)
        if verdict == "locked":  # not checked: the same password is tried again on the next rerun
            st.error(text["password_locked"].format(seconds=EDITOR_PASSWORD.seconds_to_wait()))
            return False
        checked = st.session_state["password_checked"] = (typed, verdict == "accepted")
    if not checked[1]:
        st.error(text["wrong_password"])
    else:
        st.session_state["editor"] = signed_in_as
    return checked[1]

