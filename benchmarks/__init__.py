"""Benchmarks: `make bench` prints figures; targets are checked by reading, not by timed tests."""
