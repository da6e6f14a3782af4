#!/bin/sh
# Runs the agent in a container of a throw-away second dockerd on cgroup v2 (cgroupfs driver) and
# prints what it reports. Needs root, dockerd, unshare and go; touches no running dockerd: the
# second one has its own data/exec roots, pidfile and socket, no bridge and no iptables, and runs in
# a private mount namespace where /sys/fs/cgroup is the cgroup2 mount (on a hybrid host that is
# /sys/fs/cgroup/unified: only controllers not bound to a v1 hierarchy are available there).
# Usage: sudo agent/cgroup2-docker-check.sh
set -eu
cd "$(dirname "$0")"
work=$(mktemp -d /tmp/boxcar-cg2.XXXXXX)
sock="$work/docker.sock"
D="docker -H unix://$sock"

if [ -f /sys/fs/cgroup/cgroup.controllers ]; then cg2=/sys/fs/cgroup
elif [ -f /sys/fs/cgroup/unified/cgroup.controllers ]; then cg2=/sys/fs/cgroup/unified
else echo "no cgroup2 mount on this host"; exit 1; fi
made_docker_cgroup=
[ -d "$cg2/docker" ] || made_docker_cgroup=yes

cleanup() {
  if [ -f "$work/dockerd.pid" ]; then
    pid=$(cat "$work/dockerd.pid")
    kill -TERM "$pid" 2>/dev/null || true
    i=0; while kill -0 "$pid" 2>/dev/null && [ $i -lt 40 ]; do sleep 0.5; i=$((i + 1)); done
  fi
  [ -n "$made_docker_cgroup" ] && rmdir "$cg2/docker" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

mkdir -p "$work/image" "$work/run"
CGO_ENABLED=0 go build -o "$work/image/boxcar-agent" .
CGO_ENABLED=0 go test -c -o "$work/image/agent.test" .
cp -a testdata "$work/image/"

cat > "$work/start.sh" <<EOF
#!/bin/sh
mount --make-rprivate /
[ "$cg2" = /sys/fs/cgroup ] || mount --bind "$cg2" /sys/fs/cgroup
exec dockerd --exec-opt native.cgroupdriver=cgroupfs --data-root "$work/data" --exec-root "$work/exec" \
  --pidfile "$work/dockerd.pid" -H "unix://$sock" --bridge=none --iptables=false --ip-masq=false \
  --storage-driver=vfs
EOF
chmod +x "$work/start.sh"
echo "cgroup2 at $cg2, controllers: $(cat "$cg2/cgroup.controllers")"
setsid unshare -m "$work/start.sh" >"$work/dockerd.log" 2>&1 &
i=0; until $D version >/dev/null 2>&1; do
  sleep 0.5; i=$((i + 1)); [ $i -lt 60 ] || { tail -20 "$work/dockerd.log"; exit 1; }
done
$D info 2>/dev/null | grep -E "Cgroup (Driver|Version)"

tar -C "$work/image" -c . | $D import - boxcar-cg2-probe >/dev/null
echo "--- the cgroup tests inside a container:"
$D run --rm -w / --tmpfs /tmp boxcar-cg2-probe /agent.test -test.run Cgroup -test.v | grep -E "^(---|ok|PASS|FAIL)|cgroup v2"

echo "--- an exec through the agent in a container:"
cid=$($D run -d --init -v "$work/run:/run/boxcar" --tmpfs /tmp boxcar-cg2-probe /boxcar-agent)
i=0; until [ -S "$work/run/agent.sock" ]; do sleep 0.2; i=$((i + 1)); [ $i -lt 50 ] || exit 1; done
python3 - "$work/run/agent.sock" <<'EOF'
import json, socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
req = {"op": "exec", "exec": {"argv": ["/agent.test", "-test.run", "Cgroup", "-test.count", "400"],
                              "cwd": "/", "timeoutMs": 60000}}
s.sendall((json.dumps(req) + "\n").encode())
data = b""
while True:
    b = s.recv(65536)
    if not b:
        break
    data += b
r = json.loads(data)["exec"]
print({k: r.get(k) for k in ["exitCode", "cpuTimeMs", "cgroupCpuTimeMs", "peakMemoryBytes",
                             "cgroupPeakMemoryBytes", "oomKilled", "memoryLimitHit"]})
EOF
echo "--- the container's cgroup as the host sees it ($cg2/docker/$cid):"
ls "$cg2/docker/$cid" | tr '\n' ' '; echo
$D rm -f "$cid" >/dev/null
