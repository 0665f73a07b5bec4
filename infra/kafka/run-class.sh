#!/usr/bin/env bash
# Runs a class from the local broker's classpath, e.g. Kafka's CLI tools:
#   infra/kafka/run-class.sh org.apache.kafka.tools.TopicCommand --bootstrap-server 127.0.0.1:9092 --list
# Fetches the jars first if they are missing. Tools log warnings only, on stderr.
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if (($# == 0)); then
  printf 'usage: %s CLASS [ARGS...]\n' "$0" >&2
  exit 2
fi
kafka_ensure_jars >&2
exec "$KAFKA_JAVA" "${KAFKA_TOOL_JVM_OPTS[@]}" -cp "$KAFKA_LIB_DIR/*" "$@"
