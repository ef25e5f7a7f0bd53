--- The conversation: the turns so far (what the chat shows and history keeps), the messages and
--- `conversation` reference sent to the sidecar, the model in use, and the one answer that may be
--- streaming. Ties the sidecar to the chat buffer.
local chat = require("chat_sidecar.chat")
local config = require("chat_sidecar.config")
local context = require("chat_sidecar.context")
local rpc = require("chat_sidecar.rpc")
local sidecar = require("chat_sidecar.sidecar")
local turns = require("chat_sidecar.turn")
local transcript = require("chat_sidecar.transcript")
require("chat_sidecar.models") -- listens for chat/modelsChanged

local M = {}
local uv = vim.uv or vim.loop

local function fresh_state()
  return {
    id = nil, -- the history entry, named when the first question is asked
    created = nil,
    turns = {}, -- finished turns: { prompt, attachments, model, answer, reasoning, notes, targets }
    messages = {}, -- { role, content } sent with every request
    ref = nil, -- the `conversation` object of the last result
    pending = {}, -- context items attached to the next question (:ChatSidecarAdd)
  }
end

local state = fresh_state()
local model_choice = nil -- chosen with :ChatSidecarModel; nil means the `model` option
local current = nil -- the answer in flight: { token, turn, record, process, handle, started }
local last_answer = nil
local tokens = 0

--- The model asked for (an id or alias), or nil for the sidecar's default.
function M.model()
  return model_choice or config.get().model
end

function M.set_model(model)
  model_choice = model
end

--- True while an answer is streaming.
function M.busy()
  return current ~= nil
end

--- The text of the last answer: complete, stopped (the partial text), or as far as it streamed.
function M.last_answer()
  if current then
    return current.turn.text
  end
  return last_answer
end

--- The progress token of the answer in flight, or nil.
function M.current_token()
  return current and current.token
end

--- The finished turns (for code blocks' sources and history).
function M.turns()
  return state.turns
end

--- The prompt with context lines appended as a fenced block (the Lua API's opts.context).
function M.with_context(prompt, ctx)
  if not ctx or not ctx.lines or #ctx.lines == 0 then
    return prompt
  end
  return prompt .. "\n\n" .. context.fence(table.concat(ctx.lines, "\n"), ctx.filetype)
end

--- Attaches a context item (see context.lua) to the next question and shows it in the chat.
function M.attach(item)
  table.insert(state.pending, item)
  chat.show_attachments(vim.tbl_map(function(i)
    return i.label
  end, state.pending))
end

local function on_progress(params)
  if not params or not current or params.token ~= current.token then
    return -- a stream that ended already, or someone else's
  end
  local value = params.value or {}
  if value.kind == "begin" then
    turns.set_model(current.turn, rpc.value(value.model))
  elseif value.kind == "report" then
    if type(value.reasoning) == "string" then
      turns.append_reasoning(current.turn, value.reasoning)
    end
    if type(value.delta) == "string" then
      turns.append(current.turn, value.delta)
    end
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

--- Records how the answer ended (result or error) and closes its turn in the buffer.
local function record(flight, err, result)
  local turn, rec = flight.turn, flight.record
  local outcome = { elapsed_ms = (uv.hrtime() - flight.started) / 1e6 }
  local text
  if result then
    text = rpc.value(result.text) or turn.text
    if turn.text == "" and text ~= "" then
      turns.append(turn, text) -- the sidecar answered without streaming
    end
    if turn.reasoning == "" and type(rpc.value(result.reasoning)) == "string" then
      turns.append_reasoning(turn, result.reasoning)
    end
    table.insert(state.messages, { role = "assistant", content = text })
    state.ref = rpc.value(result.conversation) or state.ref
    outcome.finish = rpc.value(result.finishReason) or "stop"
    outcome.usage = rpc.value(result.usage)
    rec.model = rpc.value(result.model)
  else
    local data = rpc.value(err.data) or { message = err.message }
    text = rpc.value(data.partialText) or turn.text
    if text ~= "" then
      table.insert(state.messages, { role = "assistant", content = text })
    else
      table.remove(state.messages) -- unanswered: the next request must not resend this prompt
    end
    outcome.finish = data.type == "cancelled" and "cancelled" or "error"
    outcome.error = data
  end
  last_answer = text
  rec.answer, rec.reasoning = text, turn.reasoning
  rec.notes = turns.finish(turn, outcome)
  table.insert(state.turns, rec)
end

local function finish(flight, err, result, on_done)
  if current ~= flight then
    if on_done then
      on_done(err, result) -- the conversation was reset meanwhile: nothing to record
    end
    return
  end
  current = nil
  record(flight, err, result)
  pcall(M.write, nil, true)
  if on_done then
    on_done(err, result)
  end
end

--- Sends a prompt and streams the answer into the chat buffer. opts: context = { lines, filetype }
--- (a code block), attachments (context items), from_draft (the prompt is the chat's draft), model,
--- on_done(err, result). `#buffer`, `#file:path` and `#selection` in the prompt attach those.
--- Returns false (and a reason) when an answer is still streaming or the sidecar cannot start.
function M.ask(prompt, opts)
  opts = opts or {}
  if current then
    return false, "an answer is still streaming: stop it first (:ChatSidecarStop)"
  end
  local question, referenced, problem = context.resolve(prompt)
  if problem then
    return false, problem
  end
  local items = vim.list_extend(vim.list_extend(vim.list_extend({}, state.pending), opts.attachments or {}), referenced)
  local content = context.with_items(M.with_context(question, opts.context), items)
  local labels = vim.tbl_map(function(i)
    return i.label
  end, items)
  state.pending = {}
  chat.show_attachments({})
  chat.show()
  local turn = chat.begin_turn(prompt, labels, opts.from_draft)
  table.insert(state.messages, { role = "user", content = content })
  state.id = state.id or require("chat_sidecar.history").new_id()
  state.created = state.created or os.time()
  tokens = tokens + 1
  local flight = { token = "chat-sidecar-" .. tokens, turn = turn, started = uv.hrtime(),
    record = { prompt = vim.trim(prompt), attachments = labels, targets = context.targets(items) } }
  current = flight
  local process, err = sidecar.get()
  if not process then
    finish(flight, err, nil, opts.on_done)
    return false, err.message
  end
  flight.process = process
  flight.handle = process:request("chat/complete", {
    messages = state.messages,
    model = opts.model or M.model(),
    workDoneToken = flight.token,
    conversation = state.ref,
  }, function(failure, result)
    finish(flight, failure, result, opts.on_done)
  end)
  return true
end

--- Stops the streaming answer (its partial text stays). Returns false when none was streaming.
function M.stop()
  if not current or not current.handle then
    return false
  end
  current.process:cancel(current.handle)
  return true
end

--- Waits until no answer is streaming, at most timeout_ms; true when it finished.
function M.wait(timeout_ms)
  if not current then
    return true
  end
  return vim.wait(timeout_ms or 60000, function()
    return current == nil
  end, 10)
end

--- Saves the chat: to history when `file` is nil or the chat buffer's own name, else as Markdown
--- to `file`. `quiet`: no message. Returns the path written.
function M.write(file, quiet)
  local path
  if file and file ~= "" and file ~= chat.BUFFER_NAME then
    path = chat.write_markdown(transcript.markdown(state.turns), file)
  else
    path = require("chat_sidecar.history").save(state, chat.draft())
  end
  if path and vim.api.nvim_buf_is_valid(chat.buffer()) then
    vim.bo[chat.buffer()].modified = false
  end
  if path and not quiet then
    vim.notify("chat-sidecar: saved " .. path)
  end
  return path
end

--- Saves the conversation as Markdown (the answers as they came, without what was typed since);
--- returns the path written.
function M.save(path)
  return chat.write_markdown(transcript.markdown(state.turns), path)
end

--- Starts a new conversation; the old one stays in history.
function M.reset()
  M.stop()
  M.wait(2000)
  current = nil
  last_answer = nil
  state = fresh_state()
  chat.reset()
end

--- Continues a saved conversation (from history.load): its turns, messages and reference.
function M.restore(saved)
  M.reset()
  state.id, state.created = saved.id, saved.created
  state.turns, state.messages, state.ref = saved.turns or {}, saved.messages or {}, rpc.value(saved.ref)
  local last = state.turns[#state.turns]
  last_answer = last and last.answer or nil
  chat.load(transcript.render(state.turns, saved.draft))
end

return M
