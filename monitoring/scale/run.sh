#!/usr/bin/env bash
# Fleet simulation: what N processes instrumented by ucpobs cost one Prometheus that scrapes them
# and evaluates the ucpobs rules (issue 16). It builds examples/demo, starts N demo processes on
# loopback at a low rate (SCALE_RATE calls per second each) with a mix of stories (mixed,
# balance-exhausted, auth-broken, platform-outage, balance-topup, round robin; one scrape job per
# story, the processes its instances), starts Prometheus with monitoring/rules/*.yml (scrape and
# evaluation every SCALE_INTERVAL, default 5s), waits SCALE_SECONDS (default 390), and prints the report of
# monitoring/scale/report: series per process by family, recorded series, the share of
# constant-zero series, NaN recorded series, rule group durations, samples read per round,
# Prometheus' RSS and head series. It stops every process it started on any exit (trap), and
# fails (exit 1) when a recorded series is constant 0 or NaN, or when the rules read more than
# SCALE_MAX_SAMPLES_PER_SERIES (default 5, issue 16's "a few"; 0 for no limit) samples per raw
# series and evaluation round.
#
#   monitoring/scale/run.sh 30                       # 30 processes, 390 s
#   SCALE_SECONDS=60 monitoring/scale/run.sh 3       # the short variant .ci/run runs
#
# Needs go, prometheus and curl on PATH (Debian/Ubuntu: apt-get install prometheus curl). Loopback
# only; every process, Prometheus included, listens on a free port it picks itself.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

n=${1:-}
if ! [[ $n =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: monitoring/scale/run.sh N   (N processes, at least 1)" >&2
  exit 2
fi
seconds=${SCALE_SECONDS:-390}
interval=${SCALE_INTERVAL:-5s}
rate=${SCALE_RATE:-2}
max_per_series=${SCALE_MAX_SAMPLES_PER_SERIES:-5}
stories=(mixed balance-exhausted auth-broken platform-outage balance-topup)

if ! [[ $seconds =~ ^[1-9][0-9]*$ ]]; then
  echo "scale: SCALE_SECONDS=$seconds is not a whole number of seconds" >&2
  exit 2
fi
if ! [[ $max_per_series =~ ^[0-9]+(\.[0-9]+)?$ ]]; then
  echo "scale: SCALE_MAX_SAMPLES_PER_SERIES=$max_per_series is not a number (0 for no limit)" >&2
  exit 2
fi
for tool in go prometheus curl; do
  command -v "$tool" >/dev/null 2>&1 || { echo "scale: $tool is not on PATH (apt-get install prometheus curl)" >&2; exit 1; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/ucpobs-scale.XXXXXX")
pids=()
stop() {
  trap - EXIT INT TERM
  if [ ${#pids[@]} -gt 0 ]; then
    kill -TERM "${pids[@]}" 2>/dev/null || true
    for _ in $(seq 100); do
      alive=0
      for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
      [ $alive = 0 ] && break
      sleep 0.1
    done
    kill -KILL "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "scale: building the demo and the report"
(cd examples && go build -o "$work/demo" ./demo)
(cd monitoring && go build -o "$work/report" ./scale/report)

echo "scale: starting $n demo processes (${stories[*]}, round robin), $rate calls/s each"
declare -A targets
for i in $(seq 0 $((n - 1))); do
  story=${stories[$((i % ${#stories[@]}))]}
  log="$work/demo-$i.log"
  "$work/demo" -scenario "$story" -duration 0 -listen 127.0.0.1:0 -rate "$rate" -workers 2 \
    -progress 1h -logs-per-second 1 >"$log" 2>&1 &
  pids+=($!)
  targets[$story]+="$i "
done
jobs=""
for story in "${!targets[@]}"; do
  list=""
  for i in ${targets[$story]}; do
    addr=""
    for _ in $(seq 200); do
      addr=$(sed -n 's|.*metrics: http://\(127\.0\.0\.1:[0-9]*\)/metrics.*|\1|p' "$work/demo-$i.log" | head -n 1)
      [ -n "$addr" ] && break
      sleep 0.1
    done
    if [ -z "$addr" ]; then
      echo "scale: demo $i ($story) printed no address:" >&2
      tail -n 20 "$work/demo-$i.log" >&2
      exit 1
    fi
    list+="'$addr', "
  done
  jobs+="  - job_name: fleet-$story
    static_configs:
      - targets: [${list%, }]
"
done

cat >"$work/prometheus.yml" <<YAML
global:
  scrape_interval: $interval
  scrape_timeout: $interval
  evaluation_interval: $interval
rule_files:
  - '$root/monitoring/rules/ucpaas_alerts.yml'
  - '$root/monitoring/rules/ucpaas_recording_rules.yml'
scrape_configs:
$jobs
YAML
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
  --web.listen-address=127.0.0.1:0 >"$work/prometheus.log" 2>&1 &
pids+=($!)
prom_pid=$!
prom=""
for _ in $(seq 200); do
  prom=$(sed -n 's/.*msg="Listening on" address=\(127\.0\.0\.1:[0-9]*\).*/\1/p' "$work/prometheus.log" | head -n 1)
  [ -n "$prom" ] && curl -fsS "http://$prom/-/ready" >/dev/null 2>&1 && break
  kill -0 "$prom_pid" 2>/dev/null || { echo "scale: prometheus exited:" >&2; tail -n 20 "$work/prometheus.log" >&2; exit 1; }
  sleep 0.2
done
[ -n "$prom" ] || { echo "scale: prometheus did not start:" >&2; tail -n 20 "$work/prometheus.log" >&2; exit 1; }

echo "scale: Prometheus on $prom, scrape and evaluation every $interval; waiting ${seconds}s"
sleep "$seconds"
for pid in "${pids[@]}"; do
  kill -0 "$pid" 2>/dev/null || { echo "scale: process $pid exited during the run" >&2; exit 1; }
done
up=$(curl -fsS "http://$prom/api/v1/query" --data-urlencode 'query=count(up == 1)' | sed -n 's/.*"value":\[[^,]*,"\([0-9]*\)"\].*/\1/p')
echo "scale: $up of $n targets up"
[ "$up" = "$n" ] || { echo "scale: not every target is up" >&2; exit 1; }
echo
"$work/report" -prometheus "http://$prom" -processes "$n" -window "${seconds}s" -check -max-samples-per-series "$max_per_series"
