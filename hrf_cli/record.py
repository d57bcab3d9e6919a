"""A base for plain value classes: equality and repr from the fields listed in ``__slots__``.

Why not ``@dataclass``: it writes each class's methods as source text and ``exec()``s it when
the module is imported, 0.5-2 ms a class, and the forty classes ``hrf lint`` loads made that a
sixth of its start-up. A class built on :class:`Record` lists its fields, in order, in
``__slots__`` and spells out ``__init__`` (faster to call too); comparing and printing work as
the dataclass's did: equal when of the same class with equal fields, shown as
``Name(field=value, ...)``, and unhashable because the fields can change.
"""

from __future__ import annotations

from typing import Any


class Record:
    """Mutable value: fields in ``__slots__`` order, compared and shown as a dataclass."""

    __slots__ = ()
    __hash__ = None  # type: ignore[assignment]  # mutable and compared by value

    def _values(self) -> tuple[Any, ...]:
        return tuple([getattr(self, name) for name in self.__slots__])

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._values() == other._values()  # type: ignore[attr-defined]
        return NotImplemented

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{self.__class__.__qualname__}({shown})"
