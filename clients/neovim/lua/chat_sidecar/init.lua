--- chat-sidecar for Neovim: chat with the chat-sidecar JSON-RPC server in a Markdown buffer.
--- This module is the public API; each concern lives in its own module next to it.
local M = {}

--- Validates and applies options (see :help chat-sidecar-options).
function M.setup(opts)
  require("chat_sidecar.config").setup(opts)
  require("chat_sidecar.sidecar").reconfigure()
end

--- Opens (or focuses) the chat window.
function M.open()
  require("chat_sidecar.chat").open()
end

--- Sends a prompt; opts: { context = { lines, filetype }, model, on_done = function(err, result) }.
--- Returns true when sent, else false and the reason.
function M.ask(prompt, opts)
  if type(prompt) ~= "string" or vim.trim(prompt) == "" then
    return false, "empty prompt"
  end
  return require("chat_sidecar.conversation").ask(prompt, opts)
end

--- Sends what is typed under the last "## You" heading of the chat buffer.
function M.send()
  local draft = require("chat_sidecar.chat").draft()
  if draft == "" then
    vim.notify("chat-sidecar: type a prompt under the last \"## You\" heading first", vim.log.levels.WARN)
    return false
  end
  local ok, reason = M.ask(draft)
  if not ok and reason then
    vim.notify("chat-sidecar: " .. reason, vim.log.levels.WARN)
  end
  return ok
end

--- Stops the streaming answer; its partial text stays. False when nothing was streaming.
function M.stop()
  return require("chat_sidecar.conversation").stop()
end

--- Waits (processing events) until the current answer finished, at most timeout_ms.
function M.wait(timeout_ms)
  return require("chat_sidecar.conversation").wait(timeout_ms)
end

--- The text of the last answer (as far as it streamed, when stopped or still streaming).
function M.last_answer()
  return require("chat_sidecar.conversation").last_answer()
end

--- Starts a fresh conversation in an empty chat buffer.
function M.new()
  require("chat_sidecar.conversation").reset()
end

--- Sets the model by id or alias, or picks one with vim.ui.select; callback(model_id or nil).
function M.pick_model(name, callback)
  require("chat_sidecar.models").pick(name, callback)
end

--- The model requests name (nil: the sidecar's default).
function M.model()
  return require("chat_sidecar.conversation").model()
end

--- Saves the conversation as Markdown; returns the path written.
function M.save(path)
  return require("chat_sidecar.chat").save(path)
end

--- The pid of the running sidecar, or nil.
function M.sidecar_pid()
  local process = require("chat_sidecar.sidecar").current()
  return process and process.pid
end

return M
