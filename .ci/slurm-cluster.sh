#!/usr/bin/env bash
# Starts or stops a one-node Slurm cluster on this machine, for the tests that submit real jobs
# (SlurmClusterTest). It installs nothing: Debian's slurm-wlm and munge must be there (.ci/run
# installs them). The daemons run as root: munged, slurmctld and slurmd.
#
#   .ci/slurm-cluster.sh start    start the cluster unless one answers already; waits for the node to be idle
#   .ci/slurm-cluster.sh stop     stop the daemons this script started (by the pids it recorded)
#   .ci/slurm-cluster.sh status   exit 0 when a cluster answers (sinfo), 1 otherwise
#
# Environment:
#   NETGEOM_SLURM_HOME   where the state, spool, logs and pids go (default /tmp/netgeom-slurm)
#
# The configuration goes to /etc/slurm/slurm.conf, where sbatch, squeue and scontrol look for it
# without SLURM_CONF. A slurm.conf that this script did not write is never replaced.
set -euo pipefail

home="${NETGEOM_SLURM_HOME:-/tmp/netgeom-slurm}"
conf=/etc/slurm/slurm.conf
marker="# written by netgeom .ci/slurm-cluster.sh"

say() { echo "slurm-cluster: $*" >&2; }

answers() { timeout 10 sinfo -h >/dev/null 2>&1; }

node_idle() { [[ "$(timeout 10 sinfo -h -N -o '%t' 2>/dev/null | head -n 1)" == idle ]]; }

require_tools() {
  local tool missing=()
  for tool in munged slurmctld slurmd sinfo sbatch; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  if ((${#missing[@]} > 0)); then
    say "missing ${missing[*]}: apt-get install slurm-wlm munge"
    exit 1
  fi
  if ((EUID != 0)); then
    say "the daemons run as root: run this script as root"
    exit 1
  fi
}

write_config() {
  local host cpus
  host="$(hostname -s)"
  cpus="$(nproc)"
  if [[ -f "$conf" ]] && ! grep -qF "$marker" "$conf"; then
    say "$conf exists and was not written by this script: a real cluster is configured here; not replacing it"
    exit 1
  fi
  mkdir -p /etc/slurm
  # A state folder left by another cluster name makes slurmctld refuse to start: always fresh ones.
  rm -rf "$home/state" "$home/spool"
  mkdir -p "$home/state" "$home/spool" "$home/log"
  cat >"$conf" <<EOF
$marker
ClusterName=netgeom
SlurmctldHost=$host
AuthType=auth/munge
SlurmUser=root
SlurmdUser=root
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
StateSaveLocation=$home/state
SlurmdSpoolDir=$home/spool
SlurmctldPidFile=$home/slurmctld.pid
SlurmdPidFile=$home/slurmd.pid
SlurmctldLogFile=$home/log/slurmctld.log
SlurmdLogFile=$home/log/slurmd.log
ReturnToService=2
MinJobAge=600
MaxArraySize=10001
NodeName=$host CPUs=$cpus State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
}

start_munge() {
  if munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1; then return 0; fi
  mkdir -p /run/munge /var/log/munge /var/lib/munge
  if [[ ! -f /etc/munge/munge.key ]]; then
    say "no /etc/munge/munge.key: reinstall munge (its package creates the key)"
    exit 1
  fi
  munged --force --pid-file="$home/munged.pid"
  local tries
  for tries in $(seq 50); do
    if munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  say "munged did not answer after $tries tries; see /var/log/munge/munged.log"
  exit 1
}

start() {
  if answers; then
    say "a cluster answers already (sinfo); nothing started"
    return 0
  fi
  require_tools
  mkdir -p "$home"
  write_config
  start_munge
  slurmctld
  slurmd
  local second
  for second in $(seq 60); do
    if node_idle; then
      say "one-node cluster up: node $(hostname -s), partition debug, $(nproc) CPUs (state in $home)"
      return 0
    fi
    sleep 1
  done
  say "the node is not idle after ${second} s: $(sinfo -h -N 2>&1 | head -n 3); logs in $home/log"
  exit 1
}

stop_one() {
  local name="$1" file="$home/$1.pid" pid
  [[ -f "$file" ]] || return 0
  pid="$(cat "$file")"
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    local tries
    for tries in $(seq 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      say "$name (pid $pid) still runs after ${tries} tries; killing it"
      kill -9 "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$file"
}

stop() {
  stop_one slurmd
  stop_one slurmctld
  stop_one munged
  if [[ -f "$conf" ]] && grep -qF "$marker" "$conf"; then rm -f "$conf"; fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) answers ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
