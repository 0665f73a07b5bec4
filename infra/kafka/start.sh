#!/usr/bin/env bash
# Starts a single-node Apache Kafka broker (KRaft, broker + controller in one JVM) on
# 127.0.0.1:${KAFKA_PORT:-9092}, without Docker, and returns once it serves clients.
# Idempotent: exits 0 at once if a broker already answers there. See README.md.
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

START_TIMEOUT=${KAFKA_START_TIMEOUT:-90}

# Heap and JVM flags of the broker: small, and light on a 2-core machine. KAFKA_JVM_OPTS replaces them.
if [[ -n "${KAFKA_JVM_OPTS:-}" ]]; then
  read -r -a BROKER_JVM_OPTS <<<"$KAFKA_JVM_OPTS"
else
  BROKER_JVM_OPTS=(-Xmx512m -Xms256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k
    -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true)
fi

write_server_properties() {
  local tmp="$KAFKA_PROPS.tmp.$$"
  cat >"$tmp" <<EOF
# Written by infra/kafka/start.sh at every start: edit start.sh, not this file.
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=$KAFKA_HOST:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://$KAFKA_HOST:$KAFKA_PORT,CONTROLLER://$KAFKA_HOST:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$KAFKA_HOST:$KAFKA_PORT,CONTROLLER://$KAFKA_HOST:$KAFKA_CONTROLLER_PORT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$KAFKA_LOG_DIRS

# One node: every internal topic has one replica, or consumer groups and transactions never get
# a coordinator.
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
default.replication.factor=1
min.insync.replicas=1

group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
delete.topic.enable=true
num.partitions=1

# Light on threads and memory (2 cores, 512 MB heap).
num.network.threads=2
num.io.threads=4
background.threads=4
num.recovery.threads.per.data.dir=1
num.replica.fetchers=1
log.cleaner.threads=1
log.cleaner.dedupe.buffer.size=16777216

# A development broker: keep a day of data, in small segments.
log.retention.hours=24
log.segment.bytes=67108864
log.retention.check.interval.ms=300000
EOF
  mv "$tmp" "$KAFKA_PROPS"
}

new_cluster_id() {
  # A Kafka Uuid: 16 random bytes in URL-safe base64 without padding (22 characters); one that
  # starts with '-' would read as an option on the storage tool's command line.
  local id
  while :; do
    id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
    [[ "$id" != -* ]] && break
  done
  printf '%s' "$id"
}

format_storage_if_needed() {
  local endpoint="$KAFKA_HOST:$KAFKA_CONTROLLER_PORT"
  if [[ -f "$KAFKA_LOG_DIRS/meta.properties" ]]; then
    # The controller's endpoint is written into the metadata log at format time (--standalone).
    if [[ -f "$KAFKA_ENDPOINT_FILE" && "$(cat "$KAFKA_ENDPOINT_FILE")" != "$endpoint" ]]; then
      kafka_err "$KAFKA_DATA_DIR was formatted for controller $(cat "$KAFKA_ENDPOINT_FILE"), not $endpoint;" \
        "run '$KAFKA_INFRA_DIR/stop.sh --clean' first, or use another KAFKA_DATA_DIR"
      return 1
    fi
    return 0
  fi
  local cluster_id
  cluster_id=$(new_cluster_id)
  kafka_say "formatting $KAFKA_LOG_DIRS (cluster id $cluster_id)"
  mkdir -p "$KAFKA_LOG_DIRS"
  if ! kafka_run_class kafka.tools.StorageTool format --standalone \
      --cluster-id "$cluster_id" --config "$KAFKA_PROPS" >"$KAFKA_DATA_DIR/format.out" 2>&1; then
    cat "$KAFKA_DATA_DIR/format.out" >&2
    kafka_err "formatting the storage failed"
    return 1
  fi
  printf '%s\n' "$endpoint" >"$KAFKA_ENDPOINT_FILE"
}

launch_broker() {
  mkdir -p "$KAFKA_APP_LOG_DIR"
  # Keep the previous run's logs aside, so that a failure shows this run's lines only.
  if [[ -f "$KAFKA_OUT_FILE" ]]; then mv -f "$KAFKA_OUT_FILE" "$KAFKA_OUT_FILE.1"; fi
  if [[ -f "$KAFKA_APP_LOG_DIR/server.log" ]]; then
    mv -f "$KAFKA_APP_LOG_DIR/server.log" "$KAFKA_APP_LOG_DIR/server.log.prev"
  fi
  rm -f "$KAFKA_PID_FILE"
  # setsid: a new session, so that Ctrl-C or closing the terminal that ran start.sh leaves the
  # broker alone. The inner bash writes its own pid and then becomes java (exec keeps the pid).
  # 8>&- 9>&-: the broker must not inherit start.sh's lock files.
  (
    cd "$KAFKA_DATA_DIR"
    # shellcheck disable=SC2016  # $$ and $1 belong to the inner bash
    exec setsid bash -c 'printf "%s\n" "$$" >"$1"; shift; exec "$@"' kafka-launch "$KAFKA_PID_FILE" \
      "$KAFKA_JAVA" "${BROKER_JVM_OPTS[@]}" \
      "-Dkafka.logs.dir=$KAFKA_APP_LOG_DIR" \
      "-Dlog4j2.configurationFile=$KAFKA_INFRA_DIR/log4j2-broker.properties" \
      -cp "$KAFKA_LIB_DIR/*" kafka.Kafka "$KAFKA_PROPS"
  ) </dev/null >"$KAFKA_OUT_FILE" 2>&1 8>&- 9>&- &
  local i
  for ((i = 0; i < 50; i++)); do
    [[ -s "$KAFKA_PID_FILE" ]] && break
    sleep 0.1
  done
}

# Waits until the broker serves clients and has a group coordinator (so that consumer groups
# work at once); returns 1 if it exits or START_TIMEOUT passes.
wait_until_ready() {
  local pid=$1 deadline=$((SECONDS + START_TIMEOUT)) serving=false
  while ((SECONDS < deadline)); do
    if ! kafka_is_our_broker "$pid"; then
      kafka_err "the broker (pid $pid) exited during start-up"
      return 1
    fi
    if $serving || kafka_broker_answers "$KAFKA_PORT"; then
      serving=true
      kafka_group_coordinator_ready "$KAFKA_PORT" && return 0
    fi
    sleep 0.25
  done
  if $serving; then
    kafka_err "the broker serves requests but found no group coordinator within ${START_TIMEOUT}s" \
      "(is offsets.topic.replication.factor > 1?)"
  else
    kafka_err "the broker did not serve clients within ${START_TIMEOUT}s"
  fi
  return 1
}

main() {
  kafka_check_ports
  local started=$SECONDS pid
  mkdir -p "$KAFKA_DATA_DIR"
  kafka_lock "$KAFKA_LOCK_FILE" 9 $((START_TIMEOUT + 120))

  pid=$(kafka_read_pid || true)
  if kafka_is_our_broker "$pid"; then
    kafka_say "broker already started (pid $pid); checking that it serves $KAFKA_BOOTSTRAP"
    if wait_until_ready "$pid"; then
      kafka_say "Kafka broker ready on $KAFKA_BOOTSTRAP (pid $pid)"
      return 0
    fi
    kafka_print_log_tail 40
    kafka_err "run $KAFKA_INFRA_DIR/stop.sh and try again"
    return 1
  fi

  if kafka_port_open "$KAFKA_PORT"; then
    if kafka_broker_answers "$KAFKA_PORT"; then
      kafka_say "a Kafka broker already answers on $KAFKA_BOOTSTRAP (not started by this script); nothing to do"
      return 0
    fi
    kafka_err "port $KAFKA_PORT is in use by something that is not a Kafka broker (set KAFKA_PORT)"
    return 1
  fi
  if kafka_port_open "$KAFKA_CONTROLLER_PORT"; then
    kafka_err "controller port $KAFKA_CONTROLLER_PORT is in use (set KAFKA_CONTROLLER_PORT)"
    return 1
  fi

  kafka_ensure_jars
  write_server_properties
  format_storage_if_needed

  kafka_say "starting broker on $KAFKA_BOOTSTRAP (controller $KAFKA_HOST:$KAFKA_CONTROLLER_PORT, data $KAFKA_DATA_DIR)"
  launch_broker
  pid=$(kafka_read_pid || true)
  if [[ -z "$pid" ]]; then
    kafka_print_log_tail 40
    kafka_err "the broker did not start (no pid file)"
    return 1
  fi
  if ! wait_until_ready "$pid"; then
    kafka_print_log_tail 40
    kafka_kill_broker "$pid" 30 || true
    rm -f "$KAFKA_PID_FILE"
    return 1
  fi
  kafka_say "Kafka broker ready on $KAFKA_BOOTSTRAP (pid $pid) in $((SECONDS - started))s; log: $KAFKA_APP_LOG_DIR/server.log"
}

main "$@"
