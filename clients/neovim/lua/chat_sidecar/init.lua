--- chat-sidecar for Neovim: chat with the chat-sidecar JSON-RPC server in a Markdown buffer.
--- This module is the public API; each concern lives in its own module next to it.
local M = {}

local function conversation()
  return require("chat_sidecar.conversation")
end

--- Validates and applies options (see :help chat-sidecar-options).
function M.setup(opts)
  require("chat_sidecar.config").setup(opts)
  require("chat_sidecar.sidecar").reconfigure()
end

--- Opens (or focuses) the chat window.
function M.open()
  require("chat_sidecar.chat").open()
end

--- Sends a prompt; opts: { context = { lines, filetype }, attachments, model, on_done(err, result) }.
--- Returns true when sent, else false and the reason.
function M.ask(prompt, opts)
  if type(prompt) ~= "string" or vim.trim(prompt) == "" then
    return false, "empty prompt"
  end
  return conversation().ask(prompt, opts)
end

--- Sends what is typed under the last "## You" heading of the chat buffer.
function M.send()
  local draft = require("chat_sidecar.chat").draft()
  if draft == "" then
    vim.notify("chat-sidecar: type a prompt under the last \"## You\" heading first", vim.log.levels.WARN)
    return false
  end
  local ok, reason = M.ask(draft, { from_draft = true })
  if not ok and reason then
    vim.notify("chat-sidecar: " .. reason, vim.log.levels.WARN)
  end
  return ok
end

--- Stops the streaming answer; its partial text stays. False when nothing was streaming.
function M.stop()
  return conversation().stop()
end

--- Waits (processing events) until the current answer finished, at most timeout_ms.
function M.wait(timeout_ms)
  return conversation().wait(timeout_ms)
end

--- The text of the last answer (as far as it streamed, when stopped or still streaming).
function M.last_answer()
  return conversation().last_answer()
end

--- Starts a fresh conversation in an empty chat buffer; the old one stays in history.
function M.new()
  pcall(conversation().write, nil, true)
  conversation().reset()
end

--- Sets the model by id or alias, or picks one with vim.ui.select; callback(model_id or nil).
--- opts.refresh: the sidecar probes the backends again first.
function M.pick_model(name, callback, opts)
  require("chat_sidecar.models").pick(name, callback, opts)
end

--- The model requests name (nil: the sidecar's default).
function M.model()
  return conversation().model()
end

--- Saves the conversation as Markdown; returns the path written.
function M.save(path)
  return conversation().save(path)
end

--- Attaches context to the next question: "buffer", "selection", or "file" with a path; or lines
--- first..last of the current buffer. Returns the item, or nil and the reason.
function M.attach(kind, arg, first, last)
  local context = require("chat_sidecar.context")
  local item, why
  if kind == "file" then
    item, why = context.from_file(arg)
  elseif kind == "lines" then
    item = context.from_lines(vim.api.nvim_get_current_buf(), first, last)
  else
    local buf = context.source_buffer()
    if not buf then
      return nil, "no buffer to attach"
    end
    item, why = (kind == "selection" and context.from_selection or context.from_buffer)(buf)
  end
  if item then
    conversation().attach(item)
  end
  return item, why
end

--- Yanks the code block under the cursor (or the chat's last one) into `register`.
function M.yank(register)
  return require("chat_sidecar.codeblock").yank(register)
end

--- Shows the code block applied to its source buffer in a diff; accept() or reject() ends it.
function M.apply()
  return require("chat_sidecar.apply").start()
end

function M.accept()
  return require("chat_sidecar.apply").accept()
end

function M.reject()
  return require("chat_sidecar.apply").reject()
end

--- Opens the code block in a new buffer; returns it.
function M.open_block()
  return require("chat_sidecar.codeblock").open()
end

--- Lists past chats with vim.ui.select and reopens the one picked; callback(id or nil).
function M.history(callback)
  require("chat_sidecar.history").pick(callback)
end

--- The pid of the running sidecar, or nil.
function M.sidecar_pid()
  local process = require("chat_sidecar.sidecar").current()
  return process and process.pid
end

return M
