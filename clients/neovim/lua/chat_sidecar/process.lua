--- One sidecar process over stdio: launch, the initialize handshake, requests queued until it is
--- ready, cancellation, and shutdown. sidecar.lua keeps the shared one; the health check makes its own.
local launch = require("chat_sidecar.launch")
local rpc = require("chat_sidecar.rpc")

local M = {}
local uv = vim.uv or vim.loop

M.CLIENT_NAME = "chat-sidecar.nvim"
M.CLIENT_VERSION = "0.1.0"
local STDERR_LINES = 20

--- An error object shaped like the sidecar's own (code, message, data.type/message/hint).
function M.error(type_name, message, hint)
  return { code = -32603, message = message,
    data = { type = type_name, message = message, hint = hint, retryable = false } }
end

local Process = {}
Process.__index = Process

--- A table for JSON that must be an object: an empty Lua table would encode as [].
function M.as_object(tbl)
  if tbl == nil or next(tbl) == nil then
    return vim.empty_dict()
  end
  return tbl
end

--- Starts a sidecar. `cfg` has java, java_args, cds, jar, settings, env; `on_notification(method, params)`
--- receives what the sidecar announces. Returns the process, or nil and an error object.
function M.spawn(cfg, on_notification)
  if vim.fn.executable(cfg.java) ~= 1 then
    return nil, M.error("internal", "Java was not found: \"" .. cfg.java .. "\" is not an executable.",
      "Install Java 17 or newer, or set `java` in require(\"chat_sidecar\").setup().")
  end
  if vim.fn.filereadable(cfg.jar) ~= 1 then
    return nil, M.error("internal", "The sidecar jar was not found at " .. cfg.jar .. ".",
      "Build it with `mvn -B -q package -DskipTests` at the repository root, or set `jar` in setup().")
  end
  local self = setmetatable({ cfg = cfg, on_notification = on_notification, ready = false, queue = {},
    stderr = {}, exit_code = nil }, Process)
  local err = self:start()
  if err then
    return nil, err
  end
  local timeout = cfg.startup_timeout_ms or 20000
  vim.defer_fn(function()
    if not self.ready and not self.exit_code and not self.failure then
      self.failure = M.error("internal", "The sidecar did not answer the handshake within " .. timeout .. " ms.",
        "Run :checkhealth chat_sidecar; raise `startup_timeout_ms` on a slow machine.")
      self:flush_queue(self.failure)
      vim.fn.jobstop(self.job)
    end
  end, timeout)
  return self
end

--- Launches the JVM (again, after a failed archive) and sends initialize; nil, or an error object.
function Process:start()
  local plan = launch.plan(self.cfg, { version = M.CLIENT_VERSION })
  launch.prepare(plan)
  local job_opts = {
    on_stdout = function(job, data)
      -- jobstart splits the bytes at "\n": joining the pieces with "\n" restores them exactly
      if job == self.job then
        self.client:receive(table.concat(data, "\n"))
      end
    end,
    on_stderr = function(job, data)
      if job == self.job then
        self:keep_stderr(data, plan)
      end
    end,
    on_exit = function(job, code)
      launch.finish(plan, code)
      if plan.archive_failed then
        launch.discard(plan)
      end
      if job == self.job then
        self:on_exit(code, plan)
      end
    end,
  }
  if self.cfg.env and next(self.cfg.env) ~= nil then
    job_opts.env = self.cfg.env
  end
  local ok, job = pcall(vim.fn.jobstart, plan.cmd, job_opts)
  if not ok or job <= 0 then
    launch.finish(plan, 1)
    local why = ok and ("jobstart returned " .. job) or tostring(job)
    return M.error("internal", "Could not start the sidecar: " .. why .. ".",
      "Check `java` and `jar` with :checkhealth chat_sidecar.")
  end
  self.job = job
  self.pid = vim.fn.jobpid(job)
  self.plan = plan -- for :checkhealth
  self.client = rpc.new(function(bytes)
    if not self.exit_code then
      pcall(vim.fn.chansend, job, bytes) -- a closed stdin is reported by on_exit
    end
  end, {
    notification = self.on_notification,
    problem = function(message)
      vim.notify("chat-sidecar: " .. message, vim.log.levels.WARN)
    end,
  })
  self.client:request("initialize", {
    processId = vim.fn.getpid(),
    clientInfo = { name = M.CLIENT_NAME, version = M.CLIENT_VERSION },
    initializationOptions = M.as_object(self.cfg.settings),
  }, function(err, result)
    self:on_initialized(err, result)
  end)
  return nil
end

function Process:keep_stderr(data, plan)
  local partial = self.stderr_partial or ""
  for i, piece in ipairs(data) do
    if i == 1 then
      piece = partial .. piece
    end
    if i < #data then
      if plan.archive and launch.is_archive_warning(piece) then
        plan.archive_failed = true -- the JVM runs on without it; delete it so the next start makes one
      end
      if piece ~= "" then
        table.insert(self.stderr, piece)
      end
      if #self.stderr > STDERR_LINES then
        table.remove(self.stderr, 1)
      end
    else
      self.stderr_partial = piece
    end
  end
end

--- The last lines the sidecar logged (stderr), for error messages and the health check.
function Process:log_tail()
  local lines = vim.list_slice(self.stderr, 1)
  if self.stderr_partial and self.stderr_partial ~= "" then
    table.insert(lines, self.stderr_partial)
  end
  return lines
end

function Process:on_initialized(err, result)
  if err then
    self.failure = err
    self:flush_queue(err)
    return
  end
  self.ready = true
  self.server_info = result and rpc.value(result.serverInfo)
  self:flush_queue(nil)
end

function Process:flush_queue(err)
  local queue = self.queue
  self.queue = {}
  for _, handle in ipairs(queue) do
    if err then
      handle.callback(err, nil)
    else
      self:send(handle)
    end
  end
end

function Process:on_exit(code, plan)
  if plan.archive and not self.ready and not self.failure and not self.retried then
    -- a damaged archive (e.g. cut short) can make the JVM die while mapping it: once, start over
    -- without it (and make a new one)
    self.retried = true
    launch.discard(plan)
    self.stderr, self.stderr_partial = {}, nil
    local err = self:start()
    if not err then
      return
    end
  end
  self.exit_code = code
  local tail = self:log_tail()
  local last = tail[#tail]
  local err = M.error("internal", "The sidecar stopped (exit code " .. code .. ").",
    last and ("Its last log line: " .. last) or "Run :checkhealth chat_sidecar.")
  self.failure = self.failure or err
  self:flush_queue(err)
  self.client:fail_all(err)
end

function Process:send(handle)
  handle.id = self.client:request(handle.method, handle.params, handle.callback)
end

--- Sends a request once the handshake is done. `callback(err, result)` runs exactly once.
--- Returns a handle for cancel().
function Process:request(method, params, callback)
  local handle = { method = method, params = params, callback = callback }
  if self.exit_code or (not self.ready and self.failure) then
    callback(self.failure, nil)
  elseif self.ready then
    self:send(handle)
  else
    table.insert(self.queue, handle)
  end
  return handle
end

function Process:notify(method, params)
  if self.ready then
    self.client:notify(method, params)
  end
end

--- Cancels a request: a sent one through $/cancelRequest (the sidecar answers it), a queued one
--- at once with a `cancelled` error.
function Process:cancel(handle)
  if handle.id then
    self.client:cancel(handle.id)
    return
  end
  for i, queued in ipairs(self.queue) do
    if queued == handle then
      table.remove(self.queue, i)
      handle.callback({ code = -32800, message = "Cancelled.",
        data = { type = "cancelled", message = "Cancelled.", hint = "", retryable = false, partialText = "" } }, nil)
      return
    end
  end
end

function Process:is_running()
  return self.exit_code == nil
end

--- Ends the process: shutdown and exit when it answers, closing stdin, and stopping the job as
--- the last resort. Waits (with vim.wait) at most about `timeout_ms` in all.
function Process:stop(timeout_ms)
  if self.exit_code then
    return
  end
  -- hrtime, not uv.now(): the loop's cached time can be stale when Neovim is exiting
  local deadline = uv.hrtime() / 1e6 + (timeout_ms or 3000)
  local function left()
    return math.max(0, math.floor(deadline - uv.hrtime() / 1e6))
  end
  if self.ready then
    local answered = false
    self.client:request("shutdown", nil, function()
      answered = true
    end)
    vim.wait(math.min(1000, left()), function()
      return answered or self.exit_code ~= nil
    end, 10)
    self.client:notify("exit", nil)
  end
  pcall(vim.fn.chanclose, self.job, "stdin")
  vim.wait(left(), function()
    return self.exit_code ~= nil
  end, 10)
  if not self.exit_code then
    vim.fn.jobstop(self.job)
    vim.wait(2000, function()
      return self.exit_code ~= nil
    end, 10)
  end
end

return M
