# shellcheck shell=bash disable=SC2034 # the constants are read by the scripts that source this
# Functions shared by bench/run and bench/test/run-tests: process control, nginx
# configurations, target checks, running wrk, parsing its output and statistics.
# Sourced, never executed; it defines functions and constants only.

# The backend's fixed answer: about 100 bytes of JSON, the size of a small API reply.
BENCH_BODY='{"message":"hello from the bench backend","service":"bench-backend","padding":"0123456789abcdef"}'

# Path every target is asked for. The gateway serves it as stage "bench", resource /hello;
# nginx and the backend answer any path, so all three targets get the same request line.
BENCH_PATH='/bench/hello'

# The bench folder (bench/config-run and the scripts live there).
BENCH_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Process-group ids of everything started through bench_start, and the ports handed out.
BENCH_PGIDS=()
BENCH_PORTS=()

bench_log() { printf '[bench %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

# bench_start LOGFILE CMD... — runs CMD in its own session (so in its own process group,
# whose id is its pid) with stdin closed, records the group, and sets REPLY to the pid.
# A session of its own keeps the terminal's Ctrl-C away from it: only our trap stops it,
# and stopping the group also stops whatever it forked (nginx workers, JVM threads).
bench_start() {
    local log=$1
    shift
    setsid "$@" >"$log" 2>&1 </dev/null &
    REPLY=$!
    BENCH_PGIDS+=("$REPLY")
}

# bench_group_alive PGID — true while a process of that group runs. Zombies do not count:
# the group leader is our child and stays a zombie until we reap it after the loop.
bench_group_alive() {
    local p state
    for p in $(pgrep -g "$1" 2>/dev/null); do
        state=$(awk '{ print $3 }' "/proc/$p/stat" 2>/dev/null) || continue
        [[ -n $state && $state != Z ]] && return 0
    done
    return 1
}

# bench_stop PGID — TERM to the whole group, then KILL after a grace period.
bench_stop() {
    local pgid=$1 i
    kill -TERM -- "-$pgid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
        bench_group_alive "$pgid" || break
        sleep 0.1
    done
    if bench_group_alive "$pgid"; then
        kill -KILL -- "-$pgid" 2>/dev/null || true
    fi
    # Reap our direct child so it leaves no zombie, except on the way out: a `wait` there can
    # block for good when the signal that ended the run interrupted bash's own reaping, and
    # init reaps whatever we leave once we have exited.
    if [[ -z ${BENCH_EXITING:-} ]]; then
        wait "$pgid" 2>/dev/null || true
    fi
    local kept=() p
    for p in "${BENCH_PGIDS[@]}"; do
        [[ $p == "$pgid" ]] || kept+=("$p")
    done
    BENCH_PGIDS=("${kept[@]}")
}

# bench_stop_all — stops every group started through bench_start, newest first.
bench_stop_all() {
    local i
    for ((i = ${#BENCH_PGIDS[@]} - 1; i >= 0; i--)); do
        bench_stop "${BENCH_PGIDS[i]}"
    done
}

# bench_free_port — sets REPLY to a loopback port nothing listens on, below the kernel's
# ephemeral range so outgoing connections cannot be holding it, and not handed out before.
bench_free_port() {
    local p i used q
    for ((i = 0; i < 200; i++)); do
        p=$((20000 + RANDOM % 12000))
        used=0
        for q in "${BENCH_PORTS[@]}"; do
            [[ $q == "$p" ]] && used=1
        done
        ((used)) && continue
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            BENCH_PORTS+=("$p")
            REPLY=$p
            return 0
        fi
    done
    return 1
}

# bench_http_status URL — prints the status code (000 when nothing answered).
bench_http_status() {
    curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$1" 2>/dev/null || true
}

# bench_wait_ready URL PID TIMEOUT_S — waits until URL answers 200. Returns 2 as soon as
# PID has exited (a crashed server must not be waited on for the whole timeout), 1 on timeout.
bench_wait_ready() {
    local url=$1 pid=$2 timeout=$3 deadline
    deadline=$((SECONDS + timeout))
    while ((SECONDS < deadline)); do
        if ! kill -0 "$pid" 2>/dev/null; then
            return 2
        fi
        if [[ $(bench_http_status "$url") == 200 ]]; then
            return 0
        fi
        sleep 0.2
    done
    return 1
}

# bench_check_target URL EXPECTED_BODY [HEADER] — true when URL answers 200 with exactly that
# body; otherwise prints why on stdout. A proxy that answers errors fast must never be measured.
bench_check_target() {
    local url=$1 expected=$2 header=${3:-} out status body args=()
    [[ -n $header ]] && args=(-H "$header")
    out=$(curl -s --max-time 5 "${args[@]}" -w $'\n%{http_code}' "$url" 2>/dev/null) || true
    status=${out##*$'\n'}
    body=${out%$'\n'*}
    if [[ $status != 200 ]]; then
        echo "answered status ${status:-none} instead of 200"
        return 1
    fi
    if [[ $body != "$expected" ]]; then
        echo "answered 200 with an unexpected body (${#body} bytes instead of ${#expected})"
        return 1
    fi
}

# bench_backend_conf DIR PORT — the fixed-response backend: one worker, keep-alive, no logs.
# keepalive_requests is raised so neither the load generator's nor a proxy's pooled
# connections are closed every 1000 requests, which would add reconnects to some targets only.
bench_backend_conf() {
    local dir=$1 port=$2
    cat <<EOF
daemon off;
master_process on;
worker_processes 1;
pid $dir/backend.pid;
error_log $dir/backend-error.log warn;
events {
    worker_connections 4096;
}
http {
    access_log off;
    client_body_temp_path $dir/backend-tmp;
    proxy_temp_path $dir/backend-tmp;
    fastcgi_temp_path $dir/backend-tmp;
    uwsgi_temp_path $dir/backend-tmp;
    scgi_temp_path $dir/backend-tmp;
    keepalive_timeout 75s;
    keepalive_requests 10000000;
    server {
        listen 127.0.0.1:$port;
        location / {
            default_type application/json;
            return 200 '$BENCH_BODY';
        }
    }
}
EOF
}

# bench_proxy_conf DIR PORT BACKEND_PORT [LOG_PORT LOG_FILE] — nginx as a reverse proxy, tuned
# as one would for production: pooled HTTP/1.1 upstream connections (keepalive with Connection
# "" so nginx does not send "close"), one worker to match the gateway's single event loop, no
# logs. With LOG_PORT, the same worker also serves the same proxy on LOG_PORT writing nginx's
# default access log (the combined format, one write per request) to LOG_FILE.
bench_proxy_conf() {
    local dir=$1 port=$2 backend_port=$3 log_port=${4:-} log_file=${5:-} logged=""
    if [[ -n $log_port ]]; then
        logged="
    server {
        listen 127.0.0.1:$log_port;
        access_log $log_file combined;
        location / {
            proxy_pass http://bench_backend;
            proxy_http_version 1.1;
            proxy_set_header Connection \"\";
        }
    }"
    fi
    cat <<EOF
daemon off;
master_process on;
worker_processes 1;
pid $dir/proxy.pid;
error_log $dir/proxy-error.log warn;
events {
    worker_connections 4096;
}
http {
    access_log off;
    client_body_temp_path $dir/proxy-tmp;
    proxy_temp_path $dir/proxy-tmp;
    fastcgi_temp_path $dir/proxy-tmp;
    uwsgi_temp_path $dir/proxy-tmp;
    scgi_temp_path $dir/proxy-tmp;
    keepalive_timeout 75s;
    keepalive_requests 10000000;
    upstream bench_backend {
        server 127.0.0.1:$backend_port;
        keepalive 64;
        keepalive_requests 10000000;
        keepalive_timeout 75s;
    }
    server {
        listen 127.0.0.1:$port;
        location / {
            proxy_pass http://bench_backend;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }
    }$logged
}
EOF
}

# bench_haproxy_conf PORT BACKEND_PORT — HAProxy as a reverse proxy: one thread, HTTP mode,
# idle backend connections reused by any client connection (http-reuse always), keep-alive on
# both sides, no log.
bench_haproxy_conf() {
    local port=$1 backend_port=$2
    cat <<EOF
global
    nbthread 1
    maxconn 4096
defaults
    mode http
    option http-keep-alive
    http-reuse always
    timeout connect 5s
    timeout client 75s
    timeout server 75s
    timeout http-keep-alive 75s
frontend bench
    bind 127.0.0.1:$port
    default_backend bench_backend
backend bench_backend
    server backend 127.0.0.1:$backend_port
EOF
}

# bench_caddy_conf PORT BACKEND_PORT — Caddy as a reverse proxy on plain HTTP: no admin
# endpoint, no automatic HTTPS, no access log (Caddy logs requests only when asked); its
# reverse_proxy keeps a pool of keep-alive connections to the backend by default.
bench_caddy_conf() {
    local port=$1 backend_port=$2
    cat <<EOF
{
    admin off
    auto_https off
}
http://127.0.0.1:$port {
    bind 127.0.0.1
    reverse_proxy 127.0.0.1:$backend_port
}
EOF
}

# bench_group_cpu_ticks PGID — the CPU time (user + system, in clock ticks) of the live
# processes of a process group, all their threads included.
bench_group_cpu_ticks() {
    local p sum=0 t
    for p in $(pgrep -g "$1" 2>/dev/null); do
        # Fields after the command's closing parenthesis: utime is the 12th, stime the 13th.
        t=$(sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null | awk '{ print $12 + $13 }') || continue
        [[ -n $t ]] && sum=$((sum + t))
    done
    echo "$sum"
}

# bench_start_nginx NAME DIR CONF CPU — writes nothing; starts nginx on CONF pinned to CPU.
# -e sends the errors nginx logs before reading its config to our dir, not /var/log.
bench_start_nginx() {
    local name=$1 dir=$2 conf=$3 cpu=$4
    mkdir -p "$dir/$name-tmp"
    bench_start "$dir/$name.out" taskset -c "$cpu" nginx -p "$dir" -c "$conf" -e "$dir/$name-error.log"
}

# bench_start_backend DIR CPU — nginx's fixed-response backend (bench_backend_conf) pinned to CPU,
# waited for; REPLY: its port.
bench_start_backend() {
    local dir=$1 cpu=$2 port
    bench_free_port; port=$REPLY
    bench_backend_conf "$dir" "$port" >"$dir/backend.conf"
    bench_start_nginx backend "$dir" "$dir/backend.conf" "$cpu"
    bench_wait_ready "http://127.0.0.1:$port/" "$REPLY" 10 || { echo "backend did not start" >&2; return 1; }
    REPLY=$port
}

# bench_start_gateway DIR CPU JAR BACKEND_PORT [JAVA_ARG...] [-- GATEWAY_ARG...] — the gateway in
# local mode on bench/config-run (logging to DIR) in front of the backend on BACKEND_PORT, one
# event loop, pinned to CPU: JAVA_ARGs before -jar, GATEWAY_ARGs after the gateway's own; waits
# for its /readyz. Sets BENCH_GATEWAY_PORT and BENCH_ADMIN_PORT; REPLY: its process group.
bench_start_gateway() {
    local dir=$1 cpu=$2 jar=$3 backend_port=$4 java_args=() port admin group
    shift 4
    while (($#)) && [[ $1 != -- ]]; do
        java_args+=("$1")
        shift
    done
    (($#)) && shift
    mkdir -p "$dir/config"
    sed "s|@LOG_DIR@|$dir|g" "$BENCH_HOME/config-run/bench.yaml" >"$dir/config/bench.yaml"
    bench_free_port; port=$REPLY
    bench_free_port; admin=$REPLY
    bench_start "$dir/gateway.out" taskset -c "$cpu" java "${java_args[@]}" -jar "$jar" local "$dir/config" \
        --port "$port" --admin-port "$admin" --default-api bench \
        --service "bench-backend=127.0.0.1:$backend_port" --event-loops 1 "$@"
    group=$REPLY
    bench_wait_ready "http://127.0.0.1:$admin/readyz" "$group" 60 || { tail "$dir/gateway.out" >&2; return 1; }
    BENCH_GATEWAY_PORT=$port
    BENCH_ADMIN_PORT=$admin
    REPLY=$group
}

# bench_wrk OUT CPU CONNECTIONS DURATION_S URL [HEADER] — one wrk run with a single thread on
# CPU, output to OUT. Runs in its own process group so an interrupt can stop it with the rest.
bench_wrk() {
    local out=$1 cpu=$2 connections=$3 duration=$4 url=$5 header=${6:-} pid rc=0 args=()
    [[ -n $header ]] && args=(-H "$header")
    bench_start "$out" taskset -c "$cpu" wrk -t1 -c"$connections" -d"${duration}s" --timeout 5s --latency \
        "${args[@]}" "$url"
    pid=$REPLY
    wait "$pid" || rc=$?
    local kept=() p
    for p in "${BENCH_PGIDS[@]}"; do
        [[ $p == "$pid" ]] || kept+=("$p")
    done
    BENCH_PGIDS=("${kept[@]}")
    return "$rc"
}

# bench_parse_wrk FILE — prints "rps p50_us p99_us requests non2xx socket_errors" from the
# output of `wrk --latency`, latencies in microseconds. Fails when a figure is missing.
bench_parse_wrk() {
    awk '
        function to_us(v,    n, unit) {
            n = v + 0
            unit = v
            sub(/^[0-9.]+/, "", unit)
            if (unit == "us") return n
            if (unit == "ms") return n * 1000
            if (unit == "s") return n * 1000000
            if (unit == "m") return n * 60000000
            if (unit == "h") return n * 3600000000
            return -1
        }
        /^[ \t]*Latency Distribution/ { in_dist = 1; next }
        in_dist && $1 == "50%" { p50 = to_us($2) }
        in_dist && $1 == "99%" { p99 = to_us($2); in_dist = 0 }
        / requests in / { requests = $1 }
        /Non-2xx or 3xx responses:/ { non2xx = $NF }
        /Socket errors:/ {
            line = $0
            sub(/.*Socket errors:/, "", line)
            gsub(/[a-z,]/, " ", line)
            split(line, parts, " ")
            for (i in parts) errors += parts[i]
        }
        /^Requests\/sec:/ { rps = $2 }
        END {
            if (rps == "" || p50 == "" || p99 == "" || requests == "" || p50 < 0 || p99 < 0) exit 1
            printf "%s %s %s %s %d %d\n", rps, p50, p99, requests, non2xx, errors
        }
    ' "$1"
}

# bench_median VALUES... — the median (mean of the middle two for an even count).
bench_median() {
    printf '%s\n' "$@" | sort -g | awk '
        { v[NR] = $1 }
        END {
            if (NR == 0) exit 1
            if (NR % 2) printf "%.6f\n", v[(NR + 1) / 2]
            else printf "%.6f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2
        }'
}

# bench_within_pct A B PCT — true when A and B differ by at most PCT percent of the larger.
bench_within_pct() {
    awk -v a="$1" -v b="$2" -v pct="$3" 'BEGIN {
        hi = (a > b) ? a : b
        d = a - b; if (d < 0) d = -d
        exit !(hi > 0 && d * 100 <= pct * hi)
    }'
}

# bench_added_us RPS_CHAIN RPS_DIRECT — microseconds of the shared core a proxy adds per
# request: with one fully busy core, a request through a chain costs 1/rps of it.
bench_added_us() {
    awk -v c="$1" -v d="$2" 'BEGIN { printf "%.2f\n", 1000000 / c - 1000000 / d }'
}

# bench_ratio A B — A/B to three decimals.
bench_ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) exit 1; printf "%.3f\n", a / b }'
}

# bench_fmt_us MICROS — a latency for people: µs below 1 ms, ms below 1 s, else s.
bench_fmt_us() {
    awk -v u="$1" 'BEGIN {
        if (u < 1000) printf "%.0f µs\n", u
        else if (u < 1000000) printf "%.2f ms\n", u / 1000
        else printf "%.2f s\n", u / 1000000
    }'
}

# bench_pad WIDTH S — S right-aligned in WIDTH characters; printf pads by bytes, and "µ"
# takes two.
bench_pad() {
    local width=$1 s=$2 n
    n=$(printf '%s' "$s" | LC_ALL=C.UTF-8 wc -m)
    printf '%*s%s' $((width > n ? width - n : 0)) '' "$s"
}

# bench_json_string S — S as a JSON string literal.
bench_json_string() {
    local s=$1
    s=${s//\\/\\\\}
    s=${s//\"/\\\"}
    s=${s//$'\n'/\\n}
    s=${s//$'\t'/\\t}
    s=${s//$'\r'/}
    printf '"%s"' "$s"
}
