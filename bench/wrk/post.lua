-- POST the evaluation form as one of the phones in BENCH_DEVICE_COOKIES (a new response the
-- first time a phone is drawn, an edit after), with a valid CSRF cookie and token.
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
require("report")

local csrf_cookie = os.getenv("BENCH_CSRF_COOKIE")
local body = os.getenv("BENCH_BODY")
-- Each phone's signed device cookie ("vts_svar=..."), space-separated (bench/prepare.py).
local devices = {}
for cookie in string.gmatch(os.getenv("BENCH_DEVICE_COOKIES") or "", "%S+") do
  devices[#devices + 1] = cookie
end

request = function()
  local headers = {
    ["Cookie"] = "csrftoken=" .. csrf_cookie .. "; " .. devices[math.random(1, #devices)],
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }
  return wrk.format("POST", nil, headers, body)
end

done = function(summary, latency, requests)
  report(summary, latency)
end
