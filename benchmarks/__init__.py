"""Benchmarks of asmex-sched: a deterministic roster generator and its presets."""
