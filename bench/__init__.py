"""The load benchmark behind `make bench` (see bench/run.py and bench/results.md)."""
