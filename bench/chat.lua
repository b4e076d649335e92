-- wrk script: POST a small non-streaming chat completion (the common case a gateway must add little to).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"model":"gpt-4o-mini","messages":[{"role":"system","content":"You are a concise assistant."},{"role":"user","content":"Summarise the benefits of a cost gateway in one sentence."}],"temperature":0.2}'
