-- wrk script: the chat request of chat.lua, and every answered request's x-frugal-request-id written to
-- $IDS_FILE.<thread> as the answers arrive (used by crash.sh to find answered requests missing from the ledger).
local count = 0
function setup(thread)
  count = count + 1
  thread:set("id", count)
end

function init(args)
  out = io.open(os.getenv("IDS_FILE") .. "." .. id, "a")
  out:setvbuf("full") -- buffered: wrk outlives the gateway it measures, and its normal exit flushes every open file
end

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"model":"gpt-4o-mini","messages":[{"role":"system","content":"You are a concise assistant."},{"role":"user","content":"Summarise the benefits of a cost gateway in one sentence."}],"temperature":0.2}'

function response(status, headers, body)
  if status == 200 then
    out:write(headers["x-frugal-request-id"], "\n")
  end
end
