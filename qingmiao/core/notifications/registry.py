"""Kinds of event a person can be notified about. Each app registers its own (with the wording
in one place), so settings pages, the inbox and the robots all speak of an event the same way."""

from collections.abc import Callable
from dataclasses import dataclass, field

from qingmiao.core.models.notifications import Channel

# Renders the text from the context the service passed to `notify`.
Render = Callable[[dict], str]


@dataclass(frozen=True)
class EventKind:
    code: str  # dotted, like the audit codes: "selection.rater.assigned"
    name: object  # the Chinese name shown on settings pages (a lazy translation)
    render: Render  # the inbox / email text, addressed to the recipient
    # The text a group robot posts: about the event, never naming a person's private matter.
    # Kinds without one cannot be sent to robots.
    render_group: Render | None = None
    default_channels: frozenset[str] = field(default_factory=lambda: frozenset({Channel.INBOX}))

    @property
    def robots(self) -> bool:
        return self.render_group is not None


_kinds: dict[str, EventKind] = {}


class UnknownEvent(LookupError):
    pass


def register(kind: EventKind) -> EventKind:
    _kinds[kind.code] = kind
    return kind


def get(code: str) -> EventKind:
    try:
        return _kinds[code]
    except KeyError:
        raise UnknownEvent(f"no notification event {code!r} registered") from None


def all_kinds() -> list[EventKind]:
    return sorted(_kinds.values(), key=lambda k: k.code)


def name_of(code: str) -> str:
    kind = _kinds.get(code)
    return str(kind.name) if kind else code
