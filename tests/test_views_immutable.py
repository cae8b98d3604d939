"""Views are values: every export reads the same view, so none may change it on the way."""

from __future__ import annotations

import dataclasses
import inspect

import pytest

from generator.export.context import BuildContext
from generator.present import views


def test_every_view_class_is_frozen() -> None:
    classes = [
        cls
        for _, cls in inspect.getmembers(views, inspect.isclass)
        if dataclasses.is_dataclass(cls) and cls.__module__ == views.__name__
    ]
    assert len(classes) >= 10
    assert [cls.__name__ for cls in classes if not cls.__dataclass_params__.frozen] == []  # type: ignore[attr-defined]


def test_a_built_view_refuses_a_change(mini_context: BuildContext) -> None:
    view = mini_context.views.of(mini_context.content.get("story", "son-tinh-nguyen-trong-huy"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        view.title = "khác"  # type: ignore[misc]
    assert view.fingerprint == view.fingerprint  # cached on a frozen instance all the same
