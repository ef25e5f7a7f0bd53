--- The shared sidecar: one per Neovim, started on first use, reconfigured by setup(), shut down
--- on VimLeavePre. Notifications from it go to the listener registered for their method.
local config = require("chat_sidecar.config")
local launcher = require("chat_sidecar.process")

local M = {}

--- The options that decide how the process is launched, as one comparable string. The options,
--- not the command line: that changes by itself once the AppCDS archive exists.
local function launch_key(cfg)
  return vim.inspect({ cfg.java, cfg.java_args, cfg.cds, cfg.jar, cfg.env })
end

local function shared_config()
  local cfg = vim.deepcopy(config.get())
  cfg.jar = config.jar_path()
  return cfg
end

local shared = nil
local listeners = {}

local function dispatch(method, params)
  local listener = listeners[method]
  if listener then
    listener(params)
  end
end

--- Registers the one handler for a notification method (e.g. "$/progress").
function M.on(method, listener)
  listeners[method] = listener
end

--- The shared sidecar, started (and the VimLeavePre hook installed) when none is running.
--- Returns it, or nil and an error object when it cannot start.
function M.get()
  if shared and shared:is_running() then
    return shared
  end
  local cfg = shared_config()
  local process, err = launcher.spawn(cfg, dispatch)
  if not process then
    return nil, err
  end
  process.launch_key = launch_key(cfg)
  shared = process
  local group = vim.api.nvim_create_augroup("chat_sidecar_lifecycle", { clear = true })
  vim.api.nvim_create_autocmd("VimLeavePre", {
    group = group,
    desc = "Stop the chat-sidecar process",
    callback = function()
      M.stop()
    end,
  })
  return shared
end

--- The shared sidecar if it runs, without starting one.
function M.current()
  if shared and shared:is_running() then
    return shared
  end
  return nil
end

--- Applies changed options to a running shared sidecar: new settings are sent to it
--- (workspace/didChangeConfiguration); a changed launch (java, java_args, cds, jar, env) or a failed
--- handshake stops it, so the next use starts one with the new options.
function M.reconfigure()
  local process = M.current()
  if not process then
    return
  end
  local cfg = shared_config()
  if (process.failure and not process.ready) or process.launch_key ~= launch_key(cfg) then
    M.stop()
  else
    process:notify("workspace/didChangeConfiguration", { settings = launcher.as_object(cfg.settings) })
  end
end

--- Stops the shared sidecar (if any) and waits for it to exit.
function M.stop(timeout_ms)
  if shared then
    shared:stop(timeout_ms)
    shared = nil
  end
end

return M
