--- The chat buffer (Markdown) and its window: user turns under "## You", answers streamed under
--- "## Assistant (model)", stop and error notes inline, and saving as a Markdown file.
local config = require("chat_sidecar.config")

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

--- The windows (in the current tab page) that show the chat buffer.
local function windows()
  local found = {}
  if not buf or not vim.api.nvim_buf_is_valid(buf) then
    return found
  end
  for _, win in ipairs(vim.api.nvim_tabpage_list_wins(0)) do
    if vim.api.nvim_win_get_buf(win) == buf then
      table.insert(found, win)
    end
  end
  return found
end

local function size(value, total)
  if value <= 1 then
    return math.max(1, math.floor(total * value))
  end
  return math.min(value, total)
end

local function open_window(bufnr)
  local window = config.get().window
  if window.layout == "float" then
    local width = size(window.width, vim.o.columns)
    local height = size(window.height, vim.o.lines - 2)
    return vim.api.nvim_open_win(bufnr, true, {
      relative = "editor", style = "minimal", border = window.border,
      width = width, height = height,
      row = math.floor((vim.o.lines - height) / 2) - 1, col = math.floor((vim.o.columns - width) / 2),
    })
  end
  if window.layout == "vsplit" then
    vim.cmd("botright " .. size(window.width, vim.o.columns) .. "vsplit")
  elseif window.layout == "split" then
    vim.cmd("botright " .. size(window.height, vim.o.lines) .. "split")
  elseif window.layout == "tab" then
    vim.cmd("tabnew")
  end
  local win = vim.api.nvim_get_current_win()
  vim.api.nvim_win_set_buf(win, bufnr)
  vim.wo[win].wrap = true
  vim.wo[win].linebreak = true
  return win
end

--- Shows the chat buffer and moves the cursor into it (to its end); returns the window.
function M.open()
  local bufnr = M.buffer()
  local win = windows()[1] or open_window(bufnr)
  vim.api.nvim_set_current_win(win)
  vim.api.nvim_win_set_cursor(win, { vim.api.nvim_buf_line_count(bufnr), 0 })
  return win
end

--- Shows the chat buffer without moving the cursor out of the current window.
function M.show()
  if #windows() > 0 then
    return
  end
  local previous = vim.api.nvim_get_current_win()
  M.open()
  if vim.api.nvim_win_is_valid(previous) then
    vim.api.nvim_set_current_win(previous)
  end
end

--- Closes the windows that show the chat (the buffer and the conversation stay).
function M.close()
  for _, win in ipairs(windows()) do
    if #vim.api.nvim_list_wins() > 1 then
      vim.api.nvim_win_close(win, false)
    else
      vim.cmd("enew") -- the last window cannot be closed: show an empty buffer instead
    end
  end
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

--- Starts a turn: the prompt goes under the last "## You" heading (replacing what was typed there),
--- then an "## Assistant" heading. Returns the turn, which marks where the answer grows.
function M.begin_turn(prompt)
  local bufnr = M.buffer()
  local you = last_you_row(bufnr)
  local lines = { "" }
  vim.list_extend(lines, split_lines(vim.trim(prompt)))
  vim.list_extend(lines, { "", M.ASSISTANT, "", "" })
  vim.api.nvim_buf_set_lines(bufnr, you + 1, -1, false, lines)
  local last = vim.api.nvim_buf_line_count(bufnr) - 1
  return {
    buf = bufnr,
    heading = vim.api.nvim_buf_set_extmark(bufnr, ns, last - 2, 0, {}),
    tail = vim.api.nvim_buf_set_extmark(bufnr, ns, last, 0, { right_gravity = true }),
  }
end

--- A turn mark's position, or nil when the buffer or mark is gone (the chat was reset).
local function mark(turn, id)
  if not vim.api.nvim_buf_is_valid(turn.buf) then
    return nil
  end
  local pos = vim.api.nvim_buf_get_extmark_by_id(turn.buf, ns, id, {})
  return pos[1], pos[2]
end

--- Names the model answering in the turn's heading.
function M.set_model(turn, model)
  local row = mark(turn, turn.heading)
  if not row or not model or model == "" then
    return
  end
  vim.api.nvim_buf_set_lines(turn.buf, row, row + 1, false, { M.ASSISTANT .. " (" .. model .. ")" })
end

--- Inserts text at the end of the turn's answer; windows whose cursor sat on the last line follow.
local function insert(turn, text)
  local row, col = mark(turn, turn.tail)
  if not row then
    return
  end
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

--- Appends a piece of the streamed answer.
function M.append(turn, delta)
  if delta and delta ~= "" then
    insert(turn, delta)
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
  local row, col = mark(turn, turn.tail)
  if not row then
    return
  end
  local answered = col > 0 or row > mark(turn, turn.heading) + 2
  if not answered and #notes == 0 then
    table.insert(notes, "_(empty answer)_")
  end
  local body = table.concat(notes, "\n\n")
  if answered and body ~= "" then
    body = "\n\n" .. body
  end
  insert(turn, body .. "\n\n" .. M.YOU .. "\n")
  vim.api.nvim_buf_del_extmark(turn.buf, ns, turn.tail)
  vim.api.nvim_buf_del_extmark(turn.buf, ns, turn.heading)
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
