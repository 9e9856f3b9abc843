"""The editor password's rate limit: failed attempts counted for the whole server process."""

from __future__ import annotations

import hmac
import math
import threading
import time
from collections.abc import Callable
from typing import Literal


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

