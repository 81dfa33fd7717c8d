"""Small pure functions for the programme's effect (issue 21): a mean change with its 95 %
confidence interval, and the change in a share between two moments for the same schools.
Normal and t quantiles without SciPy: the t table for small groups, a close approximation
above it."""

from dataclasses import dataclass
from math import sqrt
from statistics import mean, stdev

# t(0.975) for 1–30 degrees of freedom.
T975 = [
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
    2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
]  # fmt: skip
Z975 = 1.959964


def t975(df: int) -> float:
    if df < 1:
        raise ValueError("no degrees of freedom")
    # Above 30 the quantile is 1.96 + 2.4/df within 0.002 (Abramowitz and Stegun 26.7.8, first term).
    return T975[df - 1] if df <= len(T975) else Z975 + 2.4 / df


@dataclass(frozen=True)
class Endring:
    """A change with its 95 % confidence interval."""

    n: int
    endring: float
    lav: float
    hoy: float

    @property
    def sikker(self) -> bool:
        """The interval leaves out zero: a change this large is unlikely by chance alone."""
        return self.lav > 0 or self.hoy < 0


def paired_change(pairs: list[tuple[float, float]]) -> Endring | None:
    """Mean of after − before over pairs, with a t interval; None under two pairs."""
    diffs = [after - before for before, after in pairs]
    if len(diffs) < 2:
        return None
    m = mean(diffs)
    half = t975(len(diffs) - 1) * stdev(diffs) / sqrt(len(diffs))
    return Endring(len(diffs), m, m - half, m + half)


def paired_share_change(pairs: list[tuple[bool, bool]]) -> Endring | None:
    """Share after − share before for the same units, with the Wald interval for paired
    proportions (the discordant pairs carry the change). As fractions, not per cent."""
    n = len(pairs)
    if n < 2:
        return None
    only_after = sum(1 for b, a in pairs if a and not b)
    only_before = sum(1 for b, a in pairs if b and not a)
    d = (only_after - only_before) / n
    var = (only_after + only_before - (only_after - only_before) ** 2 / n) / n**2
    half = Z975 * sqrt(max(var, 0.0))
    return Endring(n, d, max(-1.0, d - half), min(1.0, d + half))
