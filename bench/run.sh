#!/usr/bin/env bash
# Raises the open-file limit (for the capacity figure's sockets) and runs the benchmarks.
ulimit -n 1048576 2>/dev/null || ulimit -n "$(ulimit -Hn)"
exec deno run -A "$(dirname "$0")/run.ts" "$@"
