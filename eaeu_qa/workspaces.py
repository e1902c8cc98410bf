"""Workspaces: the random per-browser id that keys a user's conversations, feedback and uploads."""

from __future__ import annotations

import re
import secrets

# 128 random bits as hex: knowing the id is what gives access, so it must not be guessable.
_WORKSPACE = re.compile(r"[0-9a-f]{32}")
# Conversations and feedback saved before workspaces existed (shared JSON files) are imported here.
LEGACY_WORKSPACE = "0" * 32


class InvalidWorkspace(ValueError):
    """The workspace id is not one this app hands out (it comes from a URL or cookie, so it is checked)."""


def new_workspace_id() -> str:
    return secrets.token_hex(16)


def is_valid_workspace(workspace: str) -> bool:
    return isinstance(workspace, str) and _WORKSPACE.fullmatch(workspace) is not None


def checked_workspace(workspace: str) -> str:
    if not is_valid_workspace(workspace):
        raise InvalidWorkspace(f"{workspace!r} is not a workspace id (32 lowercase hex characters).")
    return workspace
