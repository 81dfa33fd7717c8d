-- POST the evaluation form as one of BENCH_DEVICES phones (a new response the first
-- time a phone is drawn, an edit after), with a valid CSRF cookie and token.
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
require("report")

local csrf_cookie = os.getenv("BENCH_CSRF_COOKIE")
local body = os.getenv("BENCH_BODY")
local devices = tonumber(os.getenv("BENCH_DEVICES") or "400")

request = function()
  local headers = {
    ["Cookie"] = "csrftoken=" .. csrf_cookie .. "; vts_enhet=benk-" .. math.random(1, devices),
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }
  return wrk.format("POST", nil, headers, body)
end

done = function(summary, latency, requests)
  report(summary, latency)
end
