--- A JSON-RPC 2.0 client over any byte stream: requests with callbacks, notifications, and
--- dispatch of what the server sends. The transport is two functions: `write(bytes)` to send,
--- and `client:receive(bytes)` for every chunk read.
local framing = require("chat_sidecar.framing")

local M = {}

--- JSON null (vim.NIL) as nil, so callers test plain Lua values.
function M.value(v)
  if v == vim.NIL then
    return nil
  end
  return v
end

local Client = {}
Client.__index = Client

--- A client. `handlers.notification(method, params)` receives notifications;
--- `handlers.problem(message)` receives frames that could not be understood.
function M.new(write, handlers)
  return setmetatable({
    write = write,
    handlers = handlers or {},
    decoder = framing.decoder(),
    next_id = 1,
    callbacks = {},
  }, Client)
end

function Client:send(message)
  message.jsonrpc = "2.0"
  self.write(framing.encode(vim.json.encode(message)))
end

--- Sends a request; `callback(err, result)` runs once with the error object or the result.
--- Returns the request id.
function Client:request(method, params, callback)
  local id = self.next_id
  self.next_id = id + 1
  self.callbacks[id] = callback
  self:send({ id = id, method = method, params = params })
  return id
end

function Client:notify(method, params)
  self:send({ method = method, params = params })
end

--- Asks the server to cancel a request; its callback still runs, with the server's answer.
function Client:cancel(id)
  if self.callbacks[id] then
    self:notify("$/cancelRequest", { id = id })
  end
end

--- The number of requests still waiting for an answer.
function Client:pending()
  return vim.tbl_count(self.callbacks)
end

--- Answers every waiting request with `err` (the connection is gone).
function Client:fail_all(err)
  local callbacks = self.callbacks
  self.callbacks = {}
  for _, callback in pairs(callbacks) do
    callback(err, nil)
  end
end

function Client:problem(message)
  if self.handlers.problem then
    self.handlers.problem(message)
  end
end

function Client:dispatch(message)
  local id = M.value(message.id)
  if message.method then
    if id ~= nil then
      -- the contract has no server-to-client requests; say so rather than leave the server waiting
      self:send({ id = id, error = { code = -32601, message = "Method not found: " .. message.method } })
    elseif self.handlers.notification then
      self.handlers.notification(message.method, M.value(message.params))
    end
    return
  end
  local callback = id ~= nil and self.callbacks[id]
  if not callback then
    self:problem("answer to an unknown request id " .. tostring(id))
    return
  end
  self.callbacks[id] = nil
  local err = M.value(message.error)
  if err then
    callback(err, nil)
  else
    callback(nil, M.value(message.result))
  end
end

--- Feeds bytes read from the server; complete messages are dispatched at once, in order.
function Client:receive(chunk)
  local bodies, problem = self.decoder:feed(chunk)
  if problem then
    self:problem(problem)
  end
  for _, body in ipairs(bodies) do
    local ok, message = pcall(vim.json.decode, body)
    if ok and type(message) == "table" then
      local handled, failure = pcall(self.dispatch, self, message)
      if not handled then
        self:problem("error while handling a message: " .. tostring(failure))
      end
    else
      self:problem("a frame that is not a JSON object: " .. body:sub(1, 200))
    end
  end
end

return M
