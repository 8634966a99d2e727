-- wrk script: POSTs the files listed in FILES (one path per line) in turn
-- to /v1/scan as raw bodies, with the bearer token TOKEN. Each body gets a
-- unique 16-byte trailer after the JPEG's end (the picture is unchanged),
-- so no request is answered from the engine's dedup cache.
local files = {}
for path in io.lines(os.getenv("FILES")) do
  local f = assert(io.open(path, "rb"))
  files[#files + 1] = f:read("*a")
  f:close()
end
local n = 0
function setup(thread)
  n = n + 1
  thread:set("id", n)
end
local i = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "image/jpeg"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
request = function()
  i = i + 1
  local body = files[i % #files + 1] .. string.format("%04d%012d", id, i)
  return wrk.format(nil, "/v1/scan?content_id=bench-" .. i, nil, body)
end
