--- The conversation: the messages so far, the `conversation` reference the sidecar returned, the
--- model in use, and the one answer that may be streaming. Ties the sidecar to the chat buffer.
local chat = require("chat_sidecar.chat")
local config = require("chat_sidecar.config")
local rpc = require("chat_sidecar.rpc")
local sidecar = require("chat_sidecar.sidecar")

local M = {}

local state = {
  messages = {}, -- { role, content } sent with every request
  ref = nil, -- the `conversation` object of the last result
  model = nil, -- chosen with :ChatSidecarModel; nil means the `model` option
  current = nil, -- the answer in flight: { token, turn, text, process, handle }
  last_answer = nil,
  tokens = 0,
}

--- The model asked for (an id or alias), or nil for the sidecar's default.
function M.model()
  return state.model or config.get().model
end

function M.set_model(model)
  state.model = model
end

--- True while an answer is streaming.
function M.busy()
  return state.current ~= nil
end

--- The text of the last answer: complete, stopped (the partial text), or as far as it streamed.
function M.last_answer()
  if state.current then
    return state.current.text
  end
  return state.last_answer
end

local function longest_backtick_run(lines)
  local longest = 0
  for _, line in ipairs(lines) do
    for run in line:gmatch("`+") do
      longest = math.max(longest, #run)
    end
  end
  return longest
end

--- The prompt with the context lines appended as a fenced code block tagged with the file type.
function M.with_context(prompt, context)
  if not context or not context.lines or #context.lines == 0 then
    return prompt
  end
  local fence = string.rep("`", math.max(3, longest_backtick_run(context.lines) + 1))
  local parts = { prompt, "", fence .. (context.filetype or "") }
  vim.list_extend(parts, context.lines)
  table.insert(parts, fence)
  return table.concat(parts, "\n")
end

local function on_progress(params)
  local current = state.current
  if not params or not current or params.token ~= current.token then
    return -- a stream that ended already, or someone else's
  end
  local value = params.value or {}
  if value.kind == "begin" then
    chat.set_model(current.turn, rpc.value(value.model))
  elseif value.kind == "report" and type(value.delta) == "string" then
    current.text = current.text .. value.delta
    chat.append(current.turn, value.delta)
  end
end

local function on_log_message(params)
  if params and params.message then
    local levels = { vim.log.levels.ERROR, vim.log.levels.WARN, vim.log.levels.INFO, vim.log.levels.DEBUG }
    vim.notify("chat-sidecar: " .. params.message, levels[params.type] or vim.log.levels.INFO)
  end
end

sidecar.on("$/progress", on_progress)
sidecar.on("window/logMessage", on_log_message)

local function finish(current, err, result, on_done)
  if state.current ~= current then
    if on_done then
      on_done(err, result) -- the conversation was reset meanwhile: nothing to record
    end
    return
  end
  state.current = nil
  if result then
    local text = rpc.value(result.text) or current.text
    if current.text == "" and text ~= "" then
      chat.append(current.turn, text) -- the sidecar answered without streaming
    end
    table.insert(state.messages, { role = "assistant", content = text })
    state.ref = rpc.value(result.conversation) or state.ref
    state.last_answer = text
    chat.finish_turn(current.turn, { finish = rpc.value(result.finishReason) or "stop" })
  else
    local data = rpc.value(err.data) or { message = err.message }
    local partial = rpc.value(data.partialText) or current.text
    if partial ~= "" then
      table.insert(state.messages, { role = "assistant", content = partial })
    else
      table.remove(state.messages) -- unanswered: the next request must not resend this prompt
    end
    state.last_answer = partial
    chat.finish_turn(current.turn, { finish = data.type == "cancelled" and "cancelled" or "error", error = data })
  end
  if on_done then
    on_done(err, result)
  end
end

--- Sends a prompt (with opts.context = { lines, filetype } as a code block) and streams the answer
--- into the chat buffer. opts.on_done(err, result) runs when it ends. Returns false (and a reason)
--- when an answer is still streaming or the sidecar cannot start.
function M.ask(prompt, opts)
  opts = opts or {}
  if state.current then
    return false, "an answer is still streaming: stop it first (:ChatSidecarStop)"
  end
  local content = M.with_context(prompt, opts.context)
  chat.show()
  local turn = chat.begin_turn(content)
  table.insert(state.messages, { role = "user", content = content })
  state.tokens = state.tokens + 1
  local current = { token = "chat-sidecar-" .. state.tokens, turn = turn, text = "" }
  state.current = current
  local process, err = sidecar.get()
  if not process then
    finish(current, err, nil, opts.on_done)
    return false, err.message
  end
  current.process = process
  current.handle = process:request("chat/complete", {
    messages = state.messages,
    model = opts.model or M.model(),
    workDoneToken = current.token,
    conversation = state.ref,
  }, function(failure, result)
    finish(current, failure, result, opts.on_done)
  end)
  return true
end

--- Stops the streaming answer (its partial text stays). Returns false when none was streaming.
function M.stop()
  local current = state.current
  if not current or not current.handle then
    return false
  end
  current.process:cancel(current.handle)
  return true
end

--- Waits until no answer is streaming, at most timeout_ms; true when it finished.
function M.wait(timeout_ms)
  if not state.current then
    return true
  end
  return vim.wait(timeout_ms or 60000, function()
    return state.current == nil
  end, 10)
end

--- Forgets the conversation (messages and reference) and empties the chat buffer.
function M.reset()
  M.stop()
  M.wait(2000)
  state.current = nil
  state.messages = {}
  state.ref = nil
  state.last_answer = nil
  chat.reset()
end

return M
