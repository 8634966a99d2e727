-- wrk script: POSTs the files listed in FILES (one path per line) in turn
-- to /v1/scan as raw bodies, with the bearer token TOKEN.
local files = {}
for path in io.lines(os.getenv("FILES")) do
  local f = assert(io.open(path, "rb"))
  files[#files + 1] = f:read("*a")
  f:close()
end
local i = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "image/jpeg"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
request = function()
  i = i % #files + 1
  return wrk.format(nil, "/v1/scan?content_id=bench-" .. i, nil, files[i])
end
