"""Figures several blocks of one report need are computed once per rendering
(ror_portal.blocks.once_per_rendering), never kept beyond it."""

from ror_portal.blocks import once_per_rendering, one_rendering


def test_a_figure_is_computed_once_in_a_rendering_and_afresh_in_the_next():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    with one_rendering():
        assert once_per_rendering(("open", 1), compute) == 1
        assert once_per_rendering(("open", 1), compute) == 1  # the same rendering: kept
        assert once_per_rendering(("open", 2), compute) == 2  # another key: computed
    with one_rendering():
        assert once_per_rendering(("open", 1), compute) == 3  # a new rendering: afresh
    # outside a rendering nothing is kept
    assert once_per_rendering(("open", 1), compute) == 4
    assert once_per_rendering(("open", 1), compute) == 5
