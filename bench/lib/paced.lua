-- wrk script for bench/paced (wrk -t1 -cCONNECTIONS -s paced.lua URL -- RATE CONNECTIONS): every
-- connection waits a random delay before each request, so the connections together send about
-- RATE requests a second however fast the target answers, and latency is measured below
-- saturation. The delay is uniform between 0.5 and 1.5 times the per-connection interval (the
-- connections do not fall into lockstep) and rounded up or down at random, as wrk takes whole
-- milliseconds, so its mean is the interval; a request's time to its answer adds to it, so the
-- rate reached is a little below RATE (bench/paced reports it).
-- done() prints one line: "PACED rps p50_us p99_us p999_us max_us requests non2xx errors".

local interval_ms = 10

function init(args)
    local rate = tonumber(args[1] or "6000")
    local connections = tonumber(args[2] or "64")
    interval_ms = connections * 1000 / rate
    math.randomseed(os.time())
end

function delay()
    local d = interval_ms * (0.5 + math.random())
    return math.floor(d + math.random())
end

function done(summary, latency, requests)
    local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
    io.write(string.format("PACED %.2f %d %d %d %d %d %d %d\n",
        summary.requests / (summary.duration / 1000000),
        latency:percentile(50), latency:percentile(99), latency:percentile(99.9), latency.max,
        summary.requests, summary.errors.status, errors))
end
