-- SPDX-License-Identifier: MIT
-- wrk: GET /api/v1/estimate with inputs that vary per request (accelerator,
-- device-hours, region); optional argument: stop each thread after N
-- responses.  Used by tests/serve/load.py and tests/bench/bench_serve.sh.
local gpus = {"a100-sxm4-80gb", "h100-sxm5-80gb", "v100-sxm2-32gb", "t4"}
local regions = {"FR", "SE", "DE", "US", "us-east-1", "IN"}
local n = 0
local limit = nil
local seen = 0

function init(args)
  if args[1] then limit = tonumber(args[1]) end
  n = math.random(1, 100000)
end

function request()
  n = n + 1
  return wrk.format("GET", string.format(
    "/api/v1/estimate?gpu=%s&gpu_hours=%d&region=%s",
    gpus[n % #gpus + 1], 100 + (n * 7919) % 99991, regions[n % #regions + 1]))
end

function response(status, headers, body)
  seen = seen + 1
  if limit and seen >= limit then wrk.thread:stop() end
end
