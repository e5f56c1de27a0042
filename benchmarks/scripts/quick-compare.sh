#!/usr/bin/env bash
# Quick look (~2 min): one 5 s round per transport on the small zone, Tandem vs Knot vs NSD.
# Superseded by benchmarks/run-load.sh (see benchmarks/README.md); kept as a shortcut to it.
# Usage: benchmarks/scripts/quick-compare.sh [DURATION]
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=1 DURATION=${1:-5} ZONES=${ZONES:-small} OPEN_LOOP_LEVELS=${OPEN_LOOP_LEVELS:-} exec ./run-load.sh
