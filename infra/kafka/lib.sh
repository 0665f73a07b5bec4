# shellcheck shell=bash
# shellcheck disable=SC2034  # the variables are used by the scripts that source this file
# Shared by start.sh, stop.sh and run-class.sh (sourced, never run). See README.md.

KAFKA_INFRA_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
KAFKA_POM="$KAFKA_INFRA_DIR/pom.xml"
KAFKA_CACHE_DIR="$KAFKA_INFRA_DIR/.cache"
KAFKA_LIB_DIR="$KAFKA_CACHE_DIR/lib"
KAFKA_LIB_STAMP="$KAFKA_LIB_DIR/.pom.sha256"

KAFKA_PORT=${KAFKA_PORT:-9092}
KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-$((KAFKA_PORT + 1))}
KAFKA_HOST=127.0.0.1
KAFKA_BOOTSTRAP="$KAFKA_HOST:$KAFKA_PORT"

# A relative KAFKA_DATA_DIR is taken from the current directory; the default lives beside this file.
KAFKA_DATA_DIR=$(realpath -m -- "${KAFKA_DATA_DIR:-$KAFKA_INFRA_DIR/.data}")
KAFKA_LOG_DIRS="$KAFKA_DATA_DIR/kraft"        # Kafka's log.dirs (topic data and metadata log)
KAFKA_APP_LOG_DIR="$KAFKA_DATA_DIR/logs"      # server.log (log4j)
KAFKA_PROPS="$KAFKA_DATA_DIR/server.properties"
KAFKA_PID_FILE="$KAFKA_DATA_DIR/kafka.pid"
KAFKA_OUT_FILE="$KAFKA_DATA_DIR/kafka.out"    # the JVM's own stdout/stderr
KAFKA_ENDPOINT_FILE="$KAFKA_DATA_DIR/controller.endpoint"
KAFKA_LOCK_FILE="$KAFKA_DATA_DIR/.lock"

if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
  KAFKA_JAVA="$JAVA_HOME/bin/java"
else
  KAFKA_JAVA=java
fi

# JVM flags of the short-lived CLI tools: C1 only and a serial GC start fastest on 2 cores.
KAFKA_TOOL_JVM_OPTS=(-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto
  -Djava.awt.headless=true "-Dlog4j2.configurationFile=$KAFKA_INFRA_DIR/log4j2-tools.properties")

kafka_say() { printf '[kafka] %s\n' "$*"; }
kafka_err() { printf '[kafka] ERROR: %s\n' "$*" >&2; }

kafka_check_ports() {
  local p
  for p in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"; do
    if ! [[ "$p" =~ ^[0-9]+$ ]] || ((p < 1 || p > 65535)); then
      kafka_err "invalid port '$p' (KAFKA_PORT / KAFKA_CONTROLLER_PORT)"
      return 1
    fi
  done
  if ((KAFKA_PORT == KAFKA_CONTROLLER_PORT)); then
    kafka_err "KAFKA_PORT and KAFKA_CONTROLLER_PORT must differ"
    return 1
  fi
}

# Takes an exclusive lock on FILE with file descriptor FD (waits at most SECONDS).
# Without flock(1) it goes on unlocked.
kafka_lock() {
  local file=$1 fd=$2 seconds=$3
  command -v flock >/dev/null 2>&1 || return 0
  eval "exec $fd>>\"\$file\""
  if ! flock -w "$seconds" "$fd"; then
    kafka_err "could not lock $file within ${seconds}s (another start.sh/stop.sh is running?)"
    return 1
  fi
}

kafka_pom_hash() { sha256sum "$KAFKA_POM" | cut -d' ' -f1; }

kafka_jars_ready() {
  [[ -f "$KAFKA_LIB_STAMP" ]] && [[ "$(cat "$KAFKA_LIB_STAMP")" == "$(kafka_pom_hash)" ]]
}

# Copies the broker's jars into .cache/lib with Maven, unless they are there for this pom already.
kafka_ensure_jars() {
  kafka_jars_ready && return 0
  mkdir -p "$KAFKA_CACHE_DIR"
  kafka_lock "$KAFKA_CACHE_DIR/.fetch.lock" 8 600 || return 1
  if kafka_jars_ready; then exec 8>&-; return 0; fi
  if ! command -v mvn >/dev/null 2>&1; then
    kafka_err "mvn not found: Maven is needed once, to fetch Kafka's jars into $KAFKA_LIB_DIR"
    exec 8>&-
    return 1
  fi
  local tmp="$KAFKA_CACHE_DIR/lib.tmp.$$" started=$SECONDS
  rm -rf "$tmp"
  kafka_say "fetching Kafka jars with Maven into $KAFKA_LIB_DIR (once) ..."
  if ! mvn -q -B -Dstyle.color=never -f "$KAFKA_POM" dependency:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$tmp" >"$KAFKA_CACHE_DIR/mvn.log" 2>&1; then
    rm -rf "$tmp"
    sed 's/\x1b\[[0-9;]*m//g' "$KAFKA_CACHE_DIR/mvn.log" | tail -n 40 >&2
    kafka_err "Maven could not fetch the jars (above; whole output in $KAFKA_CACHE_DIR/mvn.log)"
    exec 8>&-
    return 1
  fi
  kafka_pom_hash >"$tmp/.pom.sha256"
  rm -rf "$KAFKA_LIB_DIR"
  mv "$tmp" "$KAFKA_LIB_DIR"
  exec 8>&-
  kafka_say "fetched $(find "$KAFKA_LIB_DIR" -name '*.jar' | wc -l) jars in $((SECONDS - started))s"
}

# Runs a Kafka class (a CLI tool) with the cached classpath.
kafka_run_class() {
  "$KAFKA_JAVA" "${KAFKA_TOOL_JVM_OPTS[@]}" -cp "$KAFKA_LIB_DIR/*" "$@"
}

kafka_read_pid() {
  local pid=''
  if [[ -f "$KAFKA_PID_FILE" ]]; then read -r pid <"$KAFKA_PID_FILE" || true; fi
  [[ "$pid" =~ ^[0-9]+$ ]] && printf '%s' "$pid"
}

# True if PID is alive and is the broker of this data dir (guards against a reused pid).
kafka_is_our_broker() {
  local pid=$1 cmdline
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  [[ "$cmdline" == *kafka.Kafka*"$KAFKA_PROPS"* ]]
}

kafka_port_open() {
  timeout 2 bash -c "exec 3<>/dev/tcp/$KAFKA_HOST/$1" 2>/dev/null
}

# kafka_request PORT API_KEY API_VERSION [BODY_HEX]: sends one Kafka request (request header v1,
# correlation id 7, client id "probe") to 127.0.0.1:PORT over bash's /dev/tcp and prints the
# response without its size prefix, in hex (correlation id first). Fails after 3 s.
kafka_request() {
  local port=$1 key=$2 version=$3 body=${4:-} msg
  msg=$(printf '%04x%04x%08x%04x%s%s' "$key" "$version" 7 5 70726f6265 "$body")
  msg=$(printf '%08x' $((${#msg} / 2)))$msg
  # shellcheck disable=SC2016,SC2001  # $0, $1, $2, $size: the inner bash's; sed is clearer here
  timeout 3 bash -c '
    exec 3<>"/dev/tcp/$0/$1" || exit 1
    printf "%b" "$2" >&3
    size=$(head -c 4 <&3 | od -An -tu4 --endian=big | tr -d " \n")
    [[ "$size" =~ ^[0-9]+$ ]] && ((size >= 4 && size < 1048576)) || exit 1
    head -c "$size" <&3 | od -An -tx1 -v | tr -d " \n"
  ' "$KAFKA_HOST" "$port" "$(sed 's/../\\x&/g' <<<"$msg")" 2>/dev/null
}

# kafka_broker_answers PORT: true if a Kafka broker serves clients on 127.0.0.1:PORT. It sends a
# real ApiVersions request (v0) and wants an answer without error that lists the Produce API (the
# controller listener answers ApiVersions too, but without Produce). A TCP connect is not enough:
# a starting broker listens before it serves requests. Plain bash + coreutils, no JVM: milliseconds.
kafka_broker_answers() {
  local hex count i
  hex=$(kafka_request "$1" 18 0) || return 1
  # correlation id (4 bytes) | error code (2) | count (4) | count x (api_key, min, max) (2+2+2)
  [[ "${hex:0:12}" == 000000070000 ]] || return 1
  count=$((16#${hex:12:8}))
  ((${#hex} >= 20 + count * 12)) || return 1
  for ((i = 0; i < count; i++)); do
    [[ "${hex:20+i*12:4}" == 0000 ]] && return 0
  done
  return 1
}

# kafka_group_coordinator_ready PORT: true if a FindCoordinator request (v0) for a consumer group
# gets a coordinator. The first such request makes the broker create __consumer_offsets; on a single
# node that only works with offsets.topic.replication.factor=1.
kafka_group_coordinator_ready() {
  local hex group=sextant-start-probe
  hex=$(kafka_request "$1" 10 0 "$(printf '%04x' ${#group})$(printf '%s' "$group" | od -An -tx1 -v | tr -d ' \n')") ||
    return 1
  # correlation id (4 bytes) | error code (2) | node id | host | port
  [[ "${hex:0:12}" == 000000070000 ]]
}

kafka_print_log_tail() {
  local f
  for f in "$KAFKA_OUT_FILE" "$KAFKA_APP_LOG_DIR/server.log"; do
    if [[ -s "$f" ]]; then
      printf -- '----- last lines of %s -----\n' "$f" >&2
      tail -n "${1:-40}" "$f" >&2
    fi
  done
}

# Sends SIGTERM to our broker PID, waits up to SECONDS, then SIGKILL.
kafka_kill_broker() {
  local pid=$1 seconds=$2 i
  kafka_is_our_broker "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < seconds * 5; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.2
  done
  kafka_err "broker (pid $pid) did not stop within ${seconds}s: killing it"
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.2
  done
  kafka_err "broker (pid $pid) is still alive after SIGKILL"
  return 1
}
