#!/usr/bin/env bash
# Runs a single-node Apache Kafka (KRaft: broker and controller in one JVM) on
# 127.0.0.1 for integration tests and local development, without Docker. The
# broker jars come from Maven Central through Maven and are cached between
# runs, so only the first start on a machine downloads anything.
set -euo pipefail

readonly KAFKA_VERSION=3.9.1
readonly SCALA_VERSION=2.13
readonly SLF4J_VERSION=1.7.36
readonly RELOAD4J_VERSION=1.2.25
readonly DEPENDENCY_PLUGIN_VERSION=3.8.1
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
readonly ROOT

usage() {
  cat <<EOF
usage: bash scripts/kafka.sh COMMAND [options]

Runs one Apache Kafka ${KAFKA_VERSION} broker+controller (KRaft) bound to 127.0.0.1.

commands:
  fetch    download the broker jars from Maven Central (skipped when cached)
  start    fetch, format storage on first use, start, and wait until the broker answers
  stop     stop the broker this script started (SIGTERM, then SIGKILL after a bound)
  status   say whether a broker answers (exit 0), is not running (exit 3) or is unhealthy (exit 1)

options (each also settable by the environment variable in brackets):
  --port N             broker port, default 9092            [WICK_KAFKA_PORT or KAFKA_PORT]
  --controller-port N  KRaft controller port, default 9093  [WICK_KAFKA_CONTROLLER_PORT]
  --data-dir DIR       storage, config, log and pid file, default <repo>/.kafka  [WICK_KAFKA_DATA_DIR]
  --cache-dir DIR      jar cache, default ~/.cache/wick/kafka-${KAFKA_VERSION}  [WICK_KAFKA_CACHE_DIR]
  --timeout SECONDS    how long start waits for the broker, default 90  [WICK_KAFKA_READY_TIMEOUT]
  -h, --help           print this help

also: WICK_KAFKA_HEAP (max heap, default 512m), WICK_KAFKA_STOP_TIMEOUT (seconds, default 30).
needs: java (11 or later) and mvn on PATH.
EOF
}

say() { echo "kafka.sh: $*"; }
die() {
  echo "kafka.sh: $*" >&2
  exit 1
}

port=${WICK_KAFKA_PORT:-${KAFKA_PORT:-9092}}
controller_port=${WICK_KAFKA_CONTROLLER_PORT:-9093}
data_dir=${WICK_KAFKA_DATA_DIR:-$ROOT/.kafka}
cache_dir=${WICK_KAFKA_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/wick/kafka-$KAFKA_VERSION}
ready_timeout=${WICK_KAFKA_READY_TIMEOUT:-90}
stop_timeout=${WICK_KAFKA_STOP_TIMEOUT:-30}
heap=${WICK_KAFKA_HEAP:-512m}
command=""

parse_args() {
  while (($# > 0)); do
    case $1 in
      -h | --help) usage; exit 0 ;;
      fetch | start | stop | status)
        [[ -z $command ]] || die "one command at a time (got '$command' and '$1')"
        command=$1; shift ;;
      --port | --controller-port | --data-dir | --cache-dir | --timeout)
        (($# >= 2)) || die "$1 needs a value"
        set_option "$1" "$2"; shift 2 ;;
      --port=* | --controller-port=* | --data-dir=* | --cache-dir=* | --timeout=*)
        set_option "${1%%=*}" "${1#*=}"; shift ;;
      *) echo "kafka.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
  done
  [[ -n $command ]] || { echo "kafka.sh: missing command: fetch, start, stop or status (see --help)" >&2; exit 2; }
}

set_option() {
  case $1 in
    --port) port=$2 ;;
    --controller-port) controller_port=$2 ;;
    --data-dir) data_dir=$2 ;;
    --cache-dir) cache_dir=$2 ;;
    --timeout) ready_timeout=$2 ;;
  esac
}

validate_settings() {
  local name value
  for name in port controller_port; do
    value=${!name}
    if ! [[ $value =~ ^[0-9]+$ ]] || ((value < 1 || value > 65535)); then
      die "${name//_/ } must be a TCP port (1-65535), got '$value'"
    fi
  done
  [[ $port != "$controller_port" ]] || die "broker port and controller port must differ (both $port)"
  for name in ready_timeout stop_timeout; do
    [[ ${!name} =~ ^[1-9][0-9]*$ ]] || die "${name//_/ } must be a whole number of seconds, got '${!name}'"
  done
  [[ $heap =~ ^[1-9][0-9]*[kKmMgG]$ ]] || die "WICK_KAFKA_HEAP must look like 512m or 1g, got '$heap'"
  data_dir=$(realpath -m "$data_dir")
  cache_dir=$(realpath -m "$cache_dir")
}

# ---- files and paths -------------------------------------------------------

libs_dir() { echo "$cache_dir/libs"; }
complete_marker() { echo "$cache_dir/jars.complete"; }
pid_file() { echo "$data_dir/kafka.pid"; }
log_file() { echo "$data_dir/kafka.log"; }
properties_file() { echo "$data_dir/server.properties"; }
log4j_file() { echo "$data_dir/log4j.properties"; }
storage_dir() { echo "$data_dir/data"; }

java_bin() {
  if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]]; then echo "$JAVA_HOME/bin/java"; else echo java; fi
}

require_tool() {
  command -v "$1" >/dev/null 2>&1 || die "$1 not found on PATH ($2)"
}

# Runs one of Kafka's command-line tools from the cached jars, bounded in time,
# with our log4j settings so it logs warnings only.
kafka_tool() {
  local seconds=$1
  shift
  write_tools_log4j_config
  timeout "$seconds" "$(java_bin)" -Xmx256m -Dlog4j.configuration="file:$cache_dir/tools-log4j.properties" \
    -cp "$(libs_dir)/*" "$@"
}

write_tools_log4j_config() {
  [[ -f $cache_dir/tools-log4j.properties ]] && return 0
  cat >"$cache_dir/tools-log4j.properties" <<'EOF'
# Written by scripts/kafka.sh for Kafka's command-line tools: warnings only, on stderr.
log4j.rootLogger=WARN, stderr
log4j.appender.stderr=org.apache.log4j.ConsoleAppender
log4j.appender.stderr.Target=System.err
log4j.appender.stderr.layout=org.apache.log4j.PatternLayout
log4j.appender.stderr.layout.ConversionPattern=[%d] %p %m (%c)%n
EOF
}

# ---- fetch -----------------------------------------------------------------

# The marker lists every jar of a finished download; a run that was cut short
# never writes it, so the next run downloads again instead of using half a set.
jars_complete() {
  local marker jar
  marker=$(complete_marker)
  [[ -s $marker ]] || return 1
  while IFS= read -r jar; do
    [[ -f $(libs_dir)/$jar ]] || return 1
  done <"$marker"
}

write_pom() {
  cat >"$1/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.wick</groupId>
  <artifactId>kafka-broker-jars</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_${SCALA_VERSION}</artifactId><version>${KAFKA_VERSION}</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-reload4j</artifactId><version>${SLF4J_VERSION}</version></dependency>
    <dependency><groupId>ch.qos.reload4j</groupId><artifactId>reload4j</artifactId><version>${RELOAD4J_VERSION}</version></dependency>
  </dependencies>
  <build>
    <pluginManagement>
      <plugins>
        <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-dependency-plugin</artifactId><version>${DEPENDENCY_PLUGIN_VERSION}</version></plugin>
      </plugins>
    </pluginManagement>
  </build>
</project>
EOF
}

download_jars() {
  local work=$1 started=$SECONDS
  write_pom "$work"
  say "fetching Kafka ${KAFKA_VERSION} broker jars from Maven Central into $(libs_dir)"
  if ! (cd "$work" && mvn -q -B dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$work/libs") >"$work/mvn.log" 2>&1; then
    tail -n 30 "$work/mvn.log" >&2
    die "maven could not fetch the Kafka jars (full log above; is Maven Central reachable?)"
  fi
  [[ -f $work/libs/kafka_${SCALA_VERSION}-${KAFKA_VERSION}.jar ]] || die "maven finished but kafka_${SCALA_VERSION}-${KAFKA_VERSION}.jar is missing"
  rm -rf "$(libs_dir)"
  mv "$work/libs" "$(libs_dir)"
  (cd "$(libs_dir)" && ls -1 -- *.jar) >"$work/jars.complete"
  mv "$work/jars.complete" "$(complete_marker)"
  say "fetched $(wc -l <"$(complete_marker)") jars in $((SECONDS - started))s"
}

cmd_fetch() {
  require_tool "$(java_bin)" "Kafka needs a Java 11+ runtime, e.g. apt-get install default-jre-headless"
  if jars_complete; then
    say "Kafka ${KAFKA_VERSION} jars already cached in $(libs_dir)"
    return 0
  fi
  require_tool mvn "the jars are fetched with Maven, e.g. apt-get install maven"
  mkdir -p "$cache_dir"
  # One download at a time per cache: a second caller waits, then finds the
  # jars there. The subshell closes the lock's descriptor, so a broker started
  # later does not inherit (and hold) the lock.
  (
    flock 8
    if jars_complete; then
      say "Kafka ${KAFKA_VERSION} jars were fetched into $(libs_dir) by another run meanwhile"
      exit 0
    fi
    work=$(mktemp -d "$cache_dir/.fetch.XXXXXX")
    trap 'rm -rf "$work"' EXIT
    download_jars "$work"
  ) 8>"$cache_dir/.fetch.lock"
}

# ---- process helpers -------------------------------------------------------

# A zombie still answers kill -0, so read the state: an exited broker whose
# parent has not reaped it must count as stopped.
alive() {
  local state
  state=$(sed -e 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1) || return 1
  [[ -n $state && $state != Z ]]
}

# Prints the pid of the broker started from this data dir, if it runs.
running_pid() {
  local pid
  [[ -f $(pid_file) ]] || return 1
  pid=$(<"$(pid_file)")
  [[ $pid =~ ^[0-9]+$ ]] && alive "$pid" || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF "kafka.Kafka $(properties_file)" || return 1
  echo "$pid"
}

port_open() {
  timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}

# The port opening is not enough: the broker must answer a metadata request and
# list itself as a live broker, which it does only once it is unfenced.
broker_answers() {
  port_open "$1" || return 1
  jars_complete || return 1
  kafka_tool 20 kafka.admin.BrokerApiVersionsCommand --bootstrap-server "127.0.0.1:$1" 2>/dev/null | grep -q '(id: [0-9]'
}

# The port the broker from this data dir was configured with (it may differ
# from the current --port when status or stop is asked without flags).
configured_port() {
  sed -n 's|^advertised.listeners=PLAINTEXT://127.0.0.1:\([0-9]*\)$|\1|p' "$(properties_file)" 2>/dev/null
}

print_log_tail() {
  echo "---- last lines of $(log_file) ----" >&2
  tail -n 40 "$(log_file)" >&2 2>/dev/null || true
  echo "----" >&2
}

# ---- start -----------------------------------------------------------------

write_log4j_config() {
  cat >"$(log4j_file)" <<'EOF'
# Written by scripts/kafka.sh: warnings and errors only, to stdout, which the
# script sends to kafka.log beside this file.
log4j.rootLogger=WARN, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
# The one INFO line worth keeping: when the server finished starting.
log4j.logger.kafka.server.KafkaRaftServer=INFO
EOF
}

write_server_config() {
  cat >"$(properties_file)" <<EOF
# Written by scripts/kafka.sh at every start: a single-node test broker.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:${controller_port}
controller.listener.names=CONTROLLER
listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controller_port}
advertised.listeners=PLAINTEXT://127.0.0.1:${port}
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$(storage_dir)
num.partitions=1
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
# Tests create their topics explicitly, and a consumer group must not wait
# three seconds for more members before its first assignment.
auto.create.topics.enable=false
group.initial.rebalance.delay.ms=0
EOF
}

random_cluster_id() {
  local id
  # Kafka cluster ids are 16 random bytes in URL-safe base64; Kafka's own
  # generator avoids a leading '-', which command-line parsers take for a flag.
  while :; do
    id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
    [[ $id == -* ]] || break
  done
  echo "$id"
}

format_storage_once() {
  [[ -f $(storage_dir)/meta.properties ]] && return 0
  local id output
  id=$(random_cluster_id)
  mkdir -p "$(storage_dir)"
  if ! output=$(kafka_tool 120 kafka.tools.StorageTool format -t "$id" -c "$(properties_file)" 2>&1); then
    echo "$output" >&2
    die "formatting KRaft storage in $(storage_dir) failed"
  fi
  say "formatted KRaft storage in $(storage_dir) (cluster id $id)"
}

launch_broker() {
  [[ -f $(log_file) ]] && mv "$(log_file)" "$(log_file).1"
  # nohup: the broker outlives this script and the terminal it was started from.
  nohup "$(java_bin)" "-Xmx$heap" -Xms128m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError \
    -Djava.awt.headless=true -Dlog4j.configuration="file:$(log4j_file)" \
    -cp "$(libs_dir)/*" kafka.Kafka "$(properties_file)" </dev/null >"$(log_file)" 2>&1 &
  echo $! >"$(pid_file)"
}

wait_until_ready() {
  local pid=$1 started=$SECONDS
  while ((SECONDS - started < ready_timeout)); do
    if ! alive "$pid"; then
      rm -f "$(pid_file)"
      print_log_tail
      die "the broker (pid $pid) exited during start-up; log above"
    fi
    if broker_answers "$port"; then
      say "broker ready on 127.0.0.1:$port after $((SECONDS - started))s (pid $pid, log $(log_file))"
      return 0
    fi
    sleep 0.5
  done
  print_log_tail
  die "the broker (pid $pid) did not answer on 127.0.0.1:$port within ${ready_timeout}s; it is still running, stop it with: bash scripts/kafka.sh stop --data-dir $data_dir"
}

refuse_busy_ports() {
  if port_open "$controller_port"; then
    die "controller port 127.0.0.1:$controller_port is already in use; choose another with --controller-port or WICK_KAFKA_CONTROLLER_PORT"
  fi
}

cmd_start() {
  local pid
  if pid=$(running_pid); then
    port=$(configured_port)
    if broker_answers "$port"; then
      say "already running (pid $pid) and answering on 127.0.0.1:$port"
      return 0
    fi
    say "already started (pid $pid) but not answering yet on 127.0.0.1:$port; waiting"
    wait_until_ready "$pid"
    return 0
  fi
  cmd_fetch
  if port_open "$port"; then
    broker_answers "$port" || die "127.0.0.1:$port is in use by something that is not a Kafka broker; choose another with --port or WICK_KAFKA_PORT"
    say "a Kafka broker not started from $data_dir already answers on 127.0.0.1:$port; using it as it is"
    return 0
  fi
  refuse_busy_ports
  mkdir -p "$data_dir"
  write_log4j_config
  write_server_config
  format_storage_once
  launch_broker
  say "starting Kafka ${KAFKA_VERSION} on 127.0.0.1:$port (controller 127.0.0.1:$controller_port, data $data_dir)"
  wait_until_ready "$(<"$(pid_file)")"
}

# ---- stop and status -------------------------------------------------------

cmd_stop() {
  local pid started=$SECONDS
  if ! pid=$(running_pid); then
    rm -f "$(pid_file)"
    say "not running (no broker started from $data_dir)"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  while alive "$pid" && ((SECONDS - started < stop_timeout)); do sleep 0.2; done
  if alive "$pid"; then
    kill -KILL "$pid" 2>/dev/null || true
    say "broker (pid $pid) did not stop within ${stop_timeout}s after SIGTERM; killed it"
  else
    say "stopped broker (pid $pid) in $((SECONDS - started))s"
  fi
  rm -f "$(pid_file)"
}

cmd_status() {
  local pid
  if pid=$(running_pid); then
    port=$(configured_port)
    if broker_answers "$port"; then
      say "running (pid $pid), answering on 127.0.0.1:$port"
      return 0
    fi
    say "process $pid runs but the broker does not answer on 127.0.0.1:$port (still starting, or unhealthy; see $(log_file))"
    return 1
  fi
  if ! port_open "$port"; then
    say "not running (nothing listens on 127.0.0.1:$port)"
    return 3
  fi
  jars_complete || die "something listens on 127.0.0.1:$port, but the Kafka jars needed to check it are not cached (run: bash scripts/kafka.sh fetch)"
  if broker_answers "$port"; then
    say "a Kafka broker answers on 127.0.0.1:$port (not started from $data_dir)"
    return 0
  fi
  say "127.0.0.1:$port is in use by something that does not answer as a Kafka broker"
  return 1
}

main() {
  parse_args "$@"
  validate_settings
  "cmd_$command"
}

main "$@"
