"""Bases for plain value classes: equality, hashing and repr from a list of field names.

Why not ``@dataclass``: it writes each class's methods as source text and ``exec()``s it when
the module is imported, 0.5-2 ms a class, and the forty classes ``hrf lint`` loads made that a
sixth of its start-up. A class built here lists its fields in order and spells out its
``__init__`` (cheaper to call, too); comparing and printing work as the dataclass's did: equal
when of the same class with equal fields, shown as ``Name(field=value, ...)``.

- :class:`Record` is mutable: fields in ``__slots__``, unhashable (its fields can change).
- :class:`FrozenRecord` is immutable: fields in ``_fields``, stored by ``__init__`` straight
  into the instance's ``__dict__`` (assigning later raises :class:`FrozenError`), hashable,
  and copied with changes by :func:`replace`.

A class may narrow what equality (and hashing) uses with ``_compared`` and what repr shows with
``_shown``, as a dataclass field's ``compare=False`` and ``repr=False`` did.

Values that are tuples by nature subclass a plain ``collections.namedtuple`` (with
``__slots__ = ()`` and the fields' types written below the docstring) rather than
``typing.NamedTuple``, which compiles every string annotation when the class is made: a
quarter of a millisecond a class, against a tenth for the plain one.
"""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

R = TypeVar("R", bound="FrozenRecord")


class FrozenError(AttributeError):
    """Assigning to a field of an immutable record (as dataclasses.FrozenInstanceError)."""


class Record:
    """Mutable value: fields in ``__slots__`` order, compared and shown as a dataclass."""

    __slots__ = ()
    __hash__ = None  # type: ignore[assignment]  # mutable and compared by value
    _compared: ClassVar[tuple[str, ...] | None] = None  # None: every field
    _shown: ClassVar[tuple[str, ...] | None] = None

    def _key(self) -> tuple[Any, ...]:
        return tuple([getattr(self, name) for name in self._compared or self.__slots__])

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._key() == other._key()  # type: ignore[attr-defined]
        return NotImplemented

    def __repr__(self) -> str:
        return _shown(self, self._shown or self.__slots__)


class FrozenRecord:
    """Immutable value: fields in ``_fields`` order, set once by ``__init__`` through
    ``self.__dict__``; compared, hashed and shown as a frozen dataclass."""

    _fields: ClassVar[tuple[str, ...]] = ()
    _compared: ClassVar[tuple[str, ...] | None] = None  # None: every field
    _shown: ClassVar[tuple[str, ...] | None] = None

    def _key(self) -> tuple[Any, ...]:
        values = self.__dict__
        return tuple([values[name] for name in self._compared or self._fields])

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._key() == other._key()  # type: ignore[attr-defined]
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return _shown(self, self._shown or self._fields)

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenError(f"cannot delete field {name!r}")


def replace(record: R, **changes: Any) -> R:
    """A copy of an immutable record with some fields changed (as dataclasses.replace)."""
    values = {name: record.__dict__[name] for name in record._fields}
    unknown = changes.keys() - values.keys()
    if unknown:
        raise TypeError(f"{record.__class__.__qualname__} has no field {sorted(unknown)[0]!r}")
    values.update(changes)
    return record.__class__(**values)


def _shown(record: object, names: tuple[str, ...]) -> str:
    shown = ", ".join(f"{name}={getattr(record, name)!r}" for name in names)
    return f"{record.__class__.__qualname__}({shown})"
