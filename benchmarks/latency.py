"""Latency summaries shared by the HTTP benchmarks: one definition of p50, p99 and throughput."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

__all__ = ["Latencies"]


@dataclass(frozen=True, kw_only=True)
class Latencies:
    """Seconds each request took, and the wall time all of them took together."""

    latencies: tuple[float, ...]
    seconds: float

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies)

    @property
    def p99(self) -> float:
        """The nearest-rank 99th percentile, so a short run still reports a measured value."""
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds
