-- wrk script for benchmarks/bench_rest.py --http: each request takes the next path of the
-- file named by WRK_PATHS (one per line, in turn); at the end one line reports
-- "RESULT <requests> <duration µs> <p50 ms> <p99 ms> <errors>".
local paths = {}
for line in io.lines(os.getenv("WRK_PATHS")) do paths[#paths + 1] = line end
local counter = 0

request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format("RESULT %d %d %.3f %.3f %d\n", summary.requests, summary.duration,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    errors.connect + errors.read + errors.write + errors.status + errors.timeout))
end
