from dataclasses import dataclass

import pytest

from spontaan.core.registry import Registry, RegistryError, register_function, registries


@dataclass(frozen=True)
class Thing:
    key: str
    label: str = ""
    order: int = 100


@pytest.fixture
def registry():
    name = f"things {len(registries())}"
    return Registry[Thing](name)


def test_entries_come_in_order_then_key(registry):
    registry.register(Thing("b", order=2))
    registry.register(Thing("a", order=2))
    registry.register(Thing("c", order=1))
    assert registry.keys() == ["c", "a", "b"]
    assert "a" in registry and "z" not in registry
    assert registry.get("a") == Thing("a", order=2)
    assert registry.find("z") is None


def test_registering_the_same_entry_twice_is_harmless(registry):
    registry.register(Thing("a", "A"))
    registry.register(Thing("a", "A"))
    assert len(registry) == 1


def test_a_different_entry_under_a_taken_key_is_refused(registry):
    registry.register(Thing("a", "A"))
    with pytest.raises(RegistryError, match="different entry"):
        registry.register(Thing("a", "other"))
    assert registry.get("a").label == "A"


def test_an_entry_needs_a_key(registry):
    with pytest.raises(RegistryError, match="text key"):
        registry.register(Thing(""))


def test_a_frozen_registry_refuses_new_entries_but_tests_can_override(registry):
    registry.register(Thing("a"))
    registry.freeze()
    with pytest.raises(RegistryError, match="frozen"):
        registry.register(Thing("b"))
    with registry.override(Thing("b")):
        assert registry.keys() == ["a", "b"]
    assert registry.keys() == ["a"]


def test_an_unknown_key_is_a_clear_error(registry):
    with pytest.raises(RegistryError, match="no entry 'nope'"):
        registry.get("nope")


def test_two_registries_cannot_share_a_name(registry):
    with pytest.raises(RegistryError, match="exists already"):
        Registry(registry.name)


def test_a_named_function_registers_once_and_refuses_another_under_its_name():
    functions: dict = {}

    def first(user):
        return None

    def second(user):
        return None

    register_function(functions, "An eraser", "notes", first)
    register_function(functions, "An eraser", "notes", first)  # again: harmless

    with pytest.raises(ValueError, match="An eraser named 'notes' is already registered."):
        register_function(functions, "An eraser", "notes", second)
    assert functions == {"notes": first}
