#!/usr/bin/env bash
# Runs the ucpobs monitoring stack on this machine, on loopback only: the demo (one process per
# scenario, default balance-exhausted, balance-topup and auth-broken) and a Prometheus that scrapes them every
# second and loads the committed alerting and recording rules. It prints where to look, and on
# Ctrl-C (or when any of its processes exits) stops every process it started.
#
#   monitoring/run-local.sh                          # balance-exhausted, balance-topup, auth-broken
#   monitoring/run-local.sh mixed                    # any scenarios of examples/demo
#   PROM_LISTEN=127.0.0.1:9091 DEMO_PORT=9500 monitoring/run-local.sh
#
# Needs go and prometheus on PATH (Debian/Ubuntu: apt-get install prometheus).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

scenarios=("$@")
if [ ${#scenarios[@]} -eq 0 ]; then
  scenarios=(balance-exhausted balance-topup auth-broken)
fi
prom_listen=${PROM_LISTEN:-127.0.0.1:9090}
demo_port=${DEMO_PORT:-9464}
job=ucpaas-demo  # each story is scraped as job ucpaas-demo-<story>

for tool in go prometheus; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "run-local: $tool is not on PATH (prometheus: apt-get install prometheus)" >&2
    exit 1
  fi
done
case $prom_listen in
  127.0.0.1:*|localhost:*|\[::1\]:*) ;;
  *) echo "run-local: PROM_LISTEN=$prom_listen is not a loopback address" >&2; exit 1 ;;
esac

work=$(mktemp -d "${TMPDIR:-/tmp}/ucpobs-local.XXXXXX")
pids=()  # every process started, and its name and log, by index
names=()
logs=()
keep_logs=0  # set when a process failed: its log stays for reading

# stop ends every process this script started, by process id: SIGTERM, then SIGKILL after ten
# seconds for any that is still there. It runs once, on any exit, and removes the temporary
# directory, except the logs when a process failed.
stop() {
  trap - EXIT INT TERM
  if [ ${#pids[@]} -gt 0 ]; then
    echo
    echo "run-local: stopping ${names[*]}"
    kill -TERM "${pids[@]}" 2>/dev/null || true
    for _ in $(seq 100); do
      alive=0
      for pid in "${pids[@]}"; do
        if kill -0 "$pid" 2>/dev/null; then alive=1; fi
      done
      [ $alive = 0 ] && break
      sleep 0.1
    done
    kill -KILL "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
  if [ $keep_logs = 1 ]; then
    rm -rf "$work/data" "$work/demo"
    echo "run-local: the logs are kept in $work" >&2
  else
    rm -rf "$work"
  fi
}

# failed shows why a process ended: its own error lines (the demo's "demo: …", Prometheus's
# level=error), or the end of its log when it has none; the log is kept.
failed() {
  local log=$1
  keep_logs=1
  if grep -qE '^demo: |level=error' "$log"; then
    grep -E '^demo: |level=error' "$log" | head -n 5 >&2
  else
    tail -n 20 "$log" >&2
  fi
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# started checks, a second after a start, that the process is still running; if not, it shows
# the end of its log and exits (stop then ends the others).
started() {
  local name=$1 pid=$2 log=$3
  sleep 1
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "run-local: $name exited at once ($log):" >&2
    failed "$log"
    exit 1
  fi
}

echo "run-local: building the demo"
(cd examples && go build -o "$work/demo" ./demo)

jobs=""  # the scrape configs, one job per story: alerts are per job
urls=()
port=$demo_port
for scenario in "${scenarios[@]}"; do
  log="$work/demo-$scenario.log"
  "$work/demo" -scenario "$scenario" -duration 0 -listen "127.0.0.1:$port" -logs-per-second 1 >"$log" 2>&1 &
  pids+=($!)
  names+=("demo($scenario)")
  logs+=("$log")
  started "demo $scenario" $! "$log"
  jobs+="  - job_name: $job-$scenario
    static_configs:
      - targets: ['127.0.0.1:$port']
"
  urls+=("http://127.0.0.1:$port/metrics")
  port=$((port + 1))
done

config="$work/prometheus.yml"
cat >"$config" <<EOF
global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
rule_files:
  - '$root/monitoring/rules/ucpaas_alerts.yml'
  - '$root/monitoring/rules/ucpaas_recording_rules.yml'
scrape_configs:
$jobs
EOF

prom_log="$work/prometheus.log"
prometheus --config.file="$config" --storage.tsdb.path="$work/data" \
  --web.listen-address="$prom_listen" >"$prom_log" 2>&1 &
pids+=($!)
names+=("prometheus")
logs+=("$prom_log")
started prometheus $! "$prom_log"

# What each demo says its story's alerts are ("alerts to expect: …", printed as it starts).
expect=()
for i in "${!scenarios[@]}"; do
  expect+=("$(printf '  %-18s %s' "${scenarios[$i]}" "$(sed -n 's/^alerts to expect: //p' "${logs[$i]}" | head -n 1)")")
done

cat <<EOF

ucpobs monitoring stack is running (Ctrl-C stops it):

  demos         ${scenarios[*]}: ${urls[*]}
  Prometheus    http://$prom_listen/classic/graph  (jobs $job-<story>, rules from monitoring/rules/)
  alerts        http://$prom_listen/classic/alerts
  a query       http://$prom_listen/classic/graph?g0.expr=sum+by+(code,category)(rate(ucpaas_client_failures_total[1m]))&g0.tab=0
  logs          $work/*.log

Alerts to expect, by story:
$(printf '%s\n' "${expect[@]}")

Grafana: add a Prometheus data source at http://$prom_listen, then Dashboards → New → Import,
upload monitoring/dashboards/ucpaas.json and pick that data source; choose the jobs $job-<story>.
(Grafana in Docker: docker run --network host grafana/grafana, then http://127.0.0.1:3000.)

EOF

# Until Ctrl-C, or until one of the processes exits on its own.
set +e
wait -n "${pids[@]}"
status=$?
set -e
for i in "${!pids[@]}"; do
  if ! kill -0 "${pids[$i]}" 2>/dev/null; then
    echo "run-local: ${names[$i]} exited (status $status; ${logs[$i]}):" >&2
    failed "${logs[$i]}"
  fi
done
exit 1
