"""The effect's arithmetic against figures worked by hand."""

import pytest

from innsikt.stats import paired_change, paired_share_change, t975


def test_t_quantiles():
    assert t975(4) == 2.776 and t975(30) == 2.042
    assert t975(60) == pytest.approx(2.000, abs=0.002) and t975(1000) == pytest.approx(1.962, abs=0.002)


def test_paired_change_with_its_interval():
    change = paired_change([(0, 1), (0, 2), (0, 3), (0, 4), (0, 5)])
    assert change.n == 5 and change.endring == 3
    assert (change.lav, change.hoy) == pytest.approx((3 - 1.963, 3 + 1.963), abs=0.001)
    assert change.sikker
    assert not paired_change([(2, 1), (1, 2), (2, 2), (1, 1), (0, 1)]).sikker
    assert paired_change([(0, 1)]) is None


def test_paired_share_change():
    # 10 schools: 2 had it before, 7 after; 5 gained it, none lost it.
    pairs = [(True, True)] * 2 + [(False, True)] * 5 + [(False, False)] * 3
    change = paired_share_change(pairs)
    assert change.endring == pytest.approx(0.5)
    # var = (5 + 0 - 25/10) / 100 = 0.025
    assert (change.lav, change.hoy) == pytest.approx((0.5 - 1.96 * 0.025**0.5, 0.5 + 1.96 * 0.025**0.5), abs=0.001)
