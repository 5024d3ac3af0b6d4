local threads = {}
local sessions = {}
non200 = 0

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  math.randomseed(os.time() * 100 + id)
  local index = {}
  for line in io.lines(args[1]) do
    local _, cookie, path = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)$")
    local requests = index[cookie]
    if requests == nil then
      requests = {}
      index[cookie] = requests
      sessions[#sessions + 1] = requests
    end
    requests[#requests + 1] = wrk.format("GET", path, {["Cookie"] = cookie})
  end
end

function request()
  local requests = sessions[math.random(#sessions)]
  return requests[math.random(#requests)]
end

function response(status, headers, body)
  if status ~= 200 then
    non200 = non200 + 1
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("non200")
  end
  local e = summary.errors
  io.write(string.format(
    'TRAFFIC {"requests": %d, "duration_us": %d, "p50_us": %.0f, "p99_us": %.0f, ' ..
    '"non200": %d, "errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    bad, e.connect + e.read + e.write + e.timeout))
end
