#!/bin/sh
# Stops the brokers a process started once that process is gone (finished, crashed or killed),
# so an interrupted test run leaves no JVM behind. Usage: watchdog.sh <owner pid> <pid file>...
# A pid file counts only while its process is still a broker of that node (its command line
# names the node's server.properties): a recycled pid is never signalled.
owner="$1"; shift
while kill -0 "$owner" 2>/dev/null; do sleep 1; done
ours() { [ -f "$1" ] && tr '\0' ' ' < "/proc/$(cat "$1")/cmdline" 2>/dev/null | grep -q -- "${1%broker.pid}server.properties"; }
left=""
for f in "$@"; do if ours "$f"; then kill -CONT "$(cat "$f")"; kill -TERM "$(cat "$f")"; left="$left $f"; fi; done
i=0
while [ -n "$left" ] && [ "$i" -lt 20 ]; do
  sleep 1; i=$((i + 1)); still=""
  for f in $left; do if ours "$f"; then still="$still $f"; fi; done
  left="$still"
done
for f in $left; do if ours "$f"; then kill -KILL "$(cat "$f")"; fi; done
