-- wrk script: HMA's GET /m/raw_lookup?signal_type=pdq&signal=HEX for the
-- PDQ hashes of BODIES (the single-hash lookup bodies, one per line), in
-- turn, with the bearer token TOKEN (environment variables).
local paths = {}
for line in io.lines(os.getenv("BODIES")) do
  local hash = line:match('"hash": *"(%x+)"')
  if hash then
    paths[#paths + 1] = "/m/raw_lookup?signal_type=pdq&signal=" .. hash
  end
end
local i = 0
wrk.method = "GET"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
request = function()
  i = i % #paths + 1
  return wrk.format(nil, paths[i])
end
