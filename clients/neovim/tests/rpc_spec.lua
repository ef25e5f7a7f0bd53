-- The JSON-RPC client against a scripted server: ids, answers in any order, errors,
-- notifications, cancellation, and a lost connection.
local H = require("harness")
local framing = require("chat_sidecar.framing")
local rpc = require("chat_sidecar.rpc")

--- A client whose writes are decoded back into messages.
local function connected(handlers)
  local sent, decoder = {}, framing.decoder()
  local client = rpc.new(function(bytes)
    for _, body in ipairs(decoder:feed(bytes)) do
      table.insert(sent, vim.json.decode(body))
    end
  end, handlers)
  return client, sent
end

local function deliver(client, message)
  client:receive(framing.encode(vim.json.encode(message)))
end

H.test("requests get increasing ids and omit absent params", function()
  local client, sent = connected()
  H.eq(client:request("initialize", { processId = 7 }, function() end), 1)
  H.eq(client:request("shutdown", nil, function() end), 2)
  H.eq(sent[1], { jsonrpc = "2.0", id = 1, method = "initialize", params = { processId = 7 } })
  H.eq(sent[2], { jsonrpc = "2.0", id = 2, method = "shutdown" })
  H.eq(client:pending(), 2)
end)

H.test("answers in any order reach their own callbacks, once", function()
  local client = connected()
  local got = {}
  client:request("a", {}, function(err, result) table.insert(got, { "a", err, result }) end)
  client:request("b", {}, function(err, result) table.insert(got, { "b", err, result }) end)
  deliver(client, { jsonrpc = "2.0", id = 2, result = { text = "second" } })
  deliver(client, { jsonrpc = "2.0", id = 1, result = vim.NIL })
  H.eq(got, { { "b", nil, { text = "second" } }, { "a", nil, nil } })
  H.eq(client:pending(), 0)
end)

H.test("an error answer passes the error object with its data", function()
  local client = connected()
  local error_seen
  client:request("chat/complete", {}, function(err) error_seen = err end)
  deliver(client, { jsonrpc = "2.0", id = 1, error = { code = -32012, message = "Rate limited",
    data = { type = "rate_limited", message = "Rate limited", hint = "Wait a minute.", retryable = true } } })
  H.eq(error_seen.code, -32012)
  H.eq(error_seen.data.type, "rate_limited")
  H.eq(error_seen.data.hint, "Wait a minute.")
end)

H.test("notifications go to the handler with their params", function()
  local seen = {}
  local client = connected({ notification = function(method, params) table.insert(seen, { method, params }) end })
  deliver(client, { jsonrpc = "2.0", method = "$/progress", params = { token = "t", value = { kind = "report", seq = 1, delta = "x" } } })
  H.eq(seen, { { "$/progress", { token = "t", value = { kind = "report", seq = 1, delta = "x" } } } })
end)

H.test("a frame carrying two messages and a split third are all dispatched", function()
  local seen = {}
  local client = connected({ notification = function(_, params) table.insert(seen, params.n) end })
  local wire = framing.encode('{"jsonrpc":"2.0","method":"m","params":{"n":1}}')
    .. framing.encode('{"jsonrpc":"2.0","method":"m","params":{"n":2}}')
    .. framing.encode('{"jsonrpc":"2.0","method":"m","params":{"n":3}}')
  client:receive(wire:sub(1, #wire - 5))
  H.eq(seen, { 1, 2 })
  client:receive(wire:sub(#wire - 4))
  H.eq(seen, { 1, 2, 3 })
end)

H.test("a request from the server is answered with method not found", function()
  local client, sent = connected()
  deliver(client, { jsonrpc = "2.0", id = 9, method = "window/workDoneProgress/create", params = { token = 1 } })
  H.eq(sent[1], { jsonrpc = "2.0", id = 9, error = { code = -32601,
    message = "Method not found: window/workDoneProgress/create" } })
end)

H.test("cancel sends $/cancelRequest for a waiting request only", function()
  local client, sent = connected()
  local id = client:request("chat/complete", {}, function() end)
  client:cancel(id)
  H.eq(sent[2], { jsonrpc = "2.0", method = "$/cancelRequest", params = { id = id } })
  deliver(client, { jsonrpc = "2.0", id = id, result = {} })
  client:cancel(id)
  H.eq(#sent, 2, "no cancel for an answered request")
end)

H.test("fail_all answers every waiting request with the error", function()
  local client = connected()
  local errors = {}
  client:request("a", {}, function(err) table.insert(errors, err.message) end)
  client:request("b", {}, function(err) table.insert(errors, err.message) end)
  client:fail_all({ message = "gone" })
  H.eq(errors, { "gone", "gone" })
  H.eq(client:pending(), 0)
end)

H.test("garbage and unknown ids are reported as problems, and the client keeps working", function()
  local problems, results = {}, {}
  local client = connected({ problem = function(m) table.insert(problems, m) end })
  client:request("a", {}, function(_, result) table.insert(results, result) end)
  client:receive(framing.encode("not json"))
  deliver(client, { jsonrpc = "2.0", id = 42, result = 1 })
  deliver(client, { jsonrpc = "2.0", id = 1, result = "fine" })
  H.eq(#problems, 2)
  H.contains(problems[1], "not a JSON object")
  H.contains(problems[2], "unknown request id 42")
  H.eq(results, { "fine" })
end)

H.test("an error raised by a callback is reported, not thrown into the reader", function()
  local problems = {}
  local client = connected({ problem = function(m) table.insert(problems, m) end })
  client:request("a", {}, function() error("boom") end)
  deliver(client, { jsonrpc = "2.0", id = 1, result = 1 })
  H.contains(problems[1] or "", "boom")
end)

H.run()
