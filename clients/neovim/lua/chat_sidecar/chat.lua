--- The chat buffer (Markdown): user turns under "## You", answers streamed under
--- "## Assistant (model)", stop and error notes inline, and saving as a Markdown file.
local config = require("chat_sidecar.config")
local window = require("chat_sidecar.window")

local M = {}

M.YOU = "## You"
M.ASSISTANT = "## Assistant"
M.BUFFER_NAME = "chat-sidecar://chat"
local YOU_PATTERN = "^##%s+You%s*$"

local ns = vim.api.nvim_create_namespace("chat_sidecar")
local buf = nil

local function split_lines(text)
  local lines, start = {}, 1
  while true do
    local at = text:find("\n", start, true)
    if not at then
      table.insert(lines, text:sub(start))
      return lines
    end
    table.insert(lines, text:sub(start, at - 1))
    start = at + 1
  end
end
M.split_lines = split_lines

local function set_mappings(bufnr)
  local mappings = config.get().mappings
  local function map(lhs, rhs, desc)
    if lhs then
      vim.keymap.set("n", lhs, rhs, { buffer = bufnr, silent = true, desc = desc })
    end
  end
  map(mappings.close, function()
    M.close()
  end, "Close the chat window")
  map(mappings.stop, function()
    require("chat_sidecar").stop()
  end, "Stop the answer")
  map(mappings.send, function()
    require("chat_sidecar").send()
  end, "Send the text under the last \"## You\" heading")
end

--- The chat buffer, created on first use.
function M.buffer()
  if buf and vim.api.nvim_buf_is_valid(buf) then
    return buf
  end
  buf = vim.api.nvim_create_buf(false, true)
  vim.api.nvim_buf_set_name(buf, M.BUFFER_NAME)
  vim.bo[buf].buftype = "nofile"
  vim.bo[buf].bufhidden = "hide"
  vim.bo[buf].swapfile = false
  vim.bo[buf].filetype = "markdown"
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, { M.YOU, "" })
  set_mappings(buf)
  return buf
end

--- Shows the chat buffer and moves the cursor into it (to its end); returns the window.
function M.open()
  return window.open(M.buffer())
end

--- Shows the chat buffer without moving the cursor out of the current window.
function M.show()
  window.show(M.buffer())
end

--- Closes the windows that show the chat (the buffer and the conversation stay).
function M.close()
  window.close(M.buffer())
end

--- The buffer's lines.
function M.lines()
  return vim.api.nvim_buf_get_lines(M.buffer(), 0, -1, false)
end

--- The row (0-based) of the last "## You" heading, appended when there is none.
local function last_you_row(bufnr)
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  for row = #lines, 1, -1 do
    if lines[row]:match(YOU_PATTERN) then
      return row - 1
    end
  end
  vim.api.nvim_buf_set_lines(bufnr, -1, -1, false, { "", M.YOU })
  return #lines + 1
end

--- The text typed under the last "## You" heading, without surrounding blank lines.
function M.draft()
  local bufnr = M.buffer()
  local lines = vim.api.nvim_buf_get_lines(bufnr, last_you_row(bufnr) + 1, -1, false)
  return vim.trim(table.concat(lines, "\n"))
end

--- A turn mark's position, or nil when the buffer or mark is gone (the chat was reset).
local function mark(turn, id)
  if not vim.api.nvim_buf_is_valid(turn.buf) then
    return nil
  end
  local pos = vim.api.nvim_buf_get_extmark_by_id(turn.buf, ns, id, {})
  return pos[1], pos[2]
end

--- Inserts text at the end of the turn's answer; windows whose cursor sat on the last line follow.
local function insert(turn, text)
  local row, col = mark(turn, turn.tail)
  local count = vim.api.nvim_buf_line_count(turn.buf)
  local following = {}
  for _, win in ipairs(vim.fn.win_findbuf(turn.buf)) do
    if vim.api.nvim_win_get_cursor(win)[1] == count then
      table.insert(following, win)
    end
  end
  vim.api.nvim_buf_set_text(turn.buf, row, col, row, col, split_lines(text))
  local last = vim.api.nvim_buf_line_count(turn.buf)
  for _, win in ipairs(following) do
    vim.api.nvim_win_set_cursor(win, { last, 0 })
  end
end

--- Writes what the turn has waiting: the model heading, text, the closing notes. Raises when the
--- buffer cannot be changed right now (textlock while the command-line window is open, etc.).
local function write(turn)
  if turn.model then
    local row = mark(turn, turn.heading)
    vim.api.nvim_buf_set_lines(turn.buf, row, row + 1, false, { M.ASSISTANT .. " (" .. turn.model .. ")" })
    turn.model = nil
  end
  if turn.pending ~= "" then
    insert(turn, turn.pending)
    turn.pending = ""
  end
  if turn.closed then
    vim.api.nvim_buf_del_extmark(turn.buf, ns, turn.tail)
    vim.api.nvim_buf_del_extmark(turn.buf, ns, turn.heading)
    turn.done = true
  end
end

local RETRY_MS = 100

--- Writes now if the buffer allows it, else keeps the text and tries again shortly, so nothing
--- streamed is lost and no error interrupts the user.
local function flush(turn)
  if turn.done then
    return
  end
  if not mark(turn, turn.tail) then
    turn.done = true -- the chat was reset: the turn is gone
    return
  end
  if not pcall(write, turn) and not turn.retrying then
    turn.retrying = true
    vim.defer_fn(function()
      turn.retrying = false
      flush(turn)
    end, RETRY_MS)
  end
end

local active = nil

--- Starts a turn: the prompt goes under the last "## You" heading (replacing what was typed there),
--- then an "## Assistant" heading. Returns the turn, which marks where the answer grows.
function M.begin_turn(prompt)
  if active and not active.done then
    write(active) -- the previous turn's last words go first
  end
  local bufnr = M.buffer()
  local you = last_you_row(bufnr)
  local lines = { "" }
  vim.list_extend(lines, split_lines(vim.trim(prompt)))
  vim.list_extend(lines, { "", M.ASSISTANT, "", "" })
  vim.api.nvim_buf_set_lines(bufnr, you + 1, -1, false, lines)
  local last = vim.api.nvim_buf_line_count(bufnr) - 1
  active = {
    buf = bufnr,
    heading = vim.api.nvim_buf_set_extmark(bufnr, ns, last - 2, 0, {}),
    tail = vim.api.nvim_buf_set_extmark(bufnr, ns, last, 0, { right_gravity = true }),
    text = "", -- the answer so far
    pending = "", -- accepted, not yet in the buffer
  }
  return active
end

--- Names the model answering in the turn's heading.
function M.set_model(turn, model)
  if model and model ~= "" then
    turn.model = model
    flush(turn)
  end
end

--- Appends a piece of the streamed answer.
function M.append(turn, delta)
  if delta and delta ~= "" then
    turn.text = turn.text .. delta
    turn.pending = turn.pending .. delta
    flush(turn)
  end
end

local function quote(text)
  return (text:gsub("\n", "\n> "))
end

--- Ends the turn: a note for how it ended, then a fresh "## You" heading for the next prompt.
--- `outcome` is { finish = "stop"|"length"|"cancelled"|"error", error = data } (data from the sidecar).
function M.finish_turn(turn, outcome)
  local notes = {}
  if outcome.finish == "cancelled" then
    table.insert(notes, "_(stopped)_")
  elseif outcome.finish == "length" then
    table.insert(notes, "_(cut short: the answer reached its length limit)_")
  elseif outcome.finish == "error" then
    local data = outcome.error or {}
    local kind = data.type and (" (" .. data.type .. ")") or ""
    local note = "> **Error" .. kind .. ":** " .. quote(data.message or "unknown error")
    if data.hint and data.hint ~= "" then
      note = note .. "\n> **Hint:** " .. quote(data.hint)
    end
    table.insert(notes, note)
  end
  local answered = turn.text ~= ""
  if not answered and #notes == 0 then
    table.insert(notes, "_(empty answer)_")
  end
  -- one blank line between blocks: an answer that ended with a newline already supplies half of it
  local prefix = (answered and turn.text:sub(-1) ~= "\n") and "\n\n" or (answered and "\n" or "")
  local body = table.concat(notes, "\n\n")
  turn.pending = turn.pending .. prefix .. (body == "" and "" or (body .. "\n\n")) .. M.YOU .. "\n"
  turn.closed = true
  flush(turn)
end

--- True while some of the turn's text waits for the buffer to accept it.
function M.is_pending(turn)
  return not turn.done and (turn.pending ~= "" or turn.closed == true)
end

--- Empties the chat (a new conversation).
function M.reset()
  local bufnr = M.buffer()
  vim.api.nvim_buf_clear_namespace(bufnr, ns, 0, -1)
  vim.api.nvim_buf_set_lines(bufnr, 0, -1, false, { M.YOU, "" })
end

--- Writes the conversation as Markdown (without the empty "## You" section at its end).
--- Returns the path written.
function M.save(path)
  local lines = M.lines()
  while #lines > 0 and vim.trim(lines[#lines]) == "" do
    table.remove(lines)
  end
  if #lines > 0 and lines[#lines]:match(YOU_PATTERN) then
    table.remove(lines)
    while #lines > 0 and vim.trim(lines[#lines]) == "" do
      table.remove(lines)
    end
  end
  if not path or path == "" then
    path = config.save_dir() .. "/chat-" .. os.date("%Y%m%d-%H%M%S") .. ".md"
  end
  path = vim.fn.fnamemodify(vim.fn.expand(path), ":p")
  vim.fn.mkdir(vim.fn.fnamemodify(path, ":h"), "p")
  if vim.fn.writefile(lines, path) ~= 0 then
    error("chat-sidecar: could not write " .. path, 0)
  end
  return path
end

return M
