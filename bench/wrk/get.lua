-- GET one page, as the person whose session cookie is in BENCH_COOKIE (or anonymously).
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
require("report")

local cookie = os.getenv("BENCH_COOKIE") or ""
if cookie ~= "" then
  wrk.headers["Cookie"] = cookie
end

done = function(summary, latency, requests)
  report(summary, latency)
end
