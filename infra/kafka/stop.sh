#!/usr/bin/env bash
# Stops the broker that start.sh started (its pid file) and waits until it has exited.
# Idempotent: exits 0 if it is not running. --clean also deletes the data dir (topics, logs).
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

STOP_TIMEOUT=${KAFKA_STOP_TIMEOUT:-60}

usage() { printf 'usage: %s [--clean]\n' "$0"; }

clean=false
for arg in "$@"; do
  case "$arg" in
    --clean) clean=true ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done

if [[ ! -d "$KAFKA_DATA_DIR" ]]; then
  kafka_say "not running (no data dir $KAFKA_DATA_DIR)"
  exit 0
fi

kafka_lock "$KAFKA_LOCK_FILE" 9 $((STOP_TIMEOUT + 180))

pid=$(kafka_read_pid || true)
if kafka_is_our_broker "$pid"; then
  kafka_say "stopping broker (pid $pid) ..."
  started=$SECONDS
  kafka_kill_broker "$pid" "$STOP_TIMEOUT"
  kafka_say "stopped in $((SECONDS - started))s"
else
  kafka_say "not running${pid:+ (stale pid file: $pid)}"
fi
rm -f "$KAFKA_PID_FILE"

if $clean; then
  # Only what start.sh creates, so that a mistaken KAFKA_DATA_DIR cannot wipe anything else.
  rm -rf "$KAFKA_LOG_DIRS" "$KAFKA_APP_LOG_DIR"
  rm -f "$KAFKA_PROPS" "$KAFKA_OUT_FILE" "$KAFKA_OUT_FILE.1" "$KAFKA_ENDPOINT_FILE" \
    "$KAFKA_DATA_DIR/format.out" "$KAFKA_LOCK_FILE"
  rmdir "$KAFKA_DATA_DIR" 2>/dev/null || true
  kafka_say "removed the broker's data in $KAFKA_DATA_DIR"
fi
