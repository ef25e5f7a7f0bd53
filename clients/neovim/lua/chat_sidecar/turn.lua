--- One answer streaming into the chat buffer. The answer grows at a mark that sits above the next
--- "## You" heading, so what the user types meanwhile (in that next prompt) never mixes into it.
--- Windows whose cursor is on the answer's last line or below it follow the text.
local transcript = require("chat_sidecar.transcript")
local indicator = require("chat_sidecar.indicator")

local M = {}

local ns = vim.api.nvim_create_namespace("chat_sidecar_turn")
M.ns = ns

--- A mark's position, or nil when the buffer or the mark is gone (the chat was reset).
local function mark(turn, id)
  if not id or not vim.api.nvim_buf_is_valid(turn.buf) then
    return nil
  end
  local pos = vim.api.nvim_buf_get_extmark_by_id(turn.buf, ns, id, {})
  return pos[1], pos[2]
end

--- The windows that follow: cursor on the answer's last line (they move with it) or below it, in
--- the next prompt (they keep their distance from the end of the buffer).
local function followers(turn, tail_row)
  local count = vim.api.nvim_buf_line_count(turn.buf)
  local found = {}
  for _, win in ipairs(vim.fn.win_findbuf(turn.buf)) do
    local cursor = vim.api.nvim_win_get_cursor(win)
    if cursor[1] - 1 >= tail_row then
      table.insert(found, { win = win, on_tail = cursor[1] - 1 == tail_row, from_end = count - cursor[1],
        col = cursor[2] })
    end
  end
  return found
end

local function follow(turn, found)
  local count = vim.api.nvim_buf_line_count(turn.buf)
  local tail_row = mark(turn, turn.tail)
  for _, f in ipairs(found) do
    if vim.api.nvim_win_is_valid(f.win) then
      local row = f.on_tail and (tail_row + 1) or (count - f.from_end)
      local col = f.on_tail and 0 or f.col
      pcall(vim.api.nvim_win_set_cursor, f.win, { row, col })
    end
  end
end

--- Inserts text at a mark (which moves past it); following windows move along.
local function insert_at(turn, id, text)
  local row, col = mark(turn, id)
  local found = followers(turn, (mark(turn, turn.tail)))
  vim.api.nvim_buf_set_text(turn.buf, row, col, row, col, transcript.split_lines(text))
  follow(turn, found)
end

local function open_reasoning(turn)
  local row, col = mark(turn, turn.start)
  local found = followers(turn, (mark(turn, turn.tail)))
  local block = transcript.REASONING_OPEN .. "\n\n\n\n" .. transcript.REASONING_CLOSE .. "\n\n"
  vim.api.nvim_buf_set_text(turn.buf, row, col, row, col, transcript.split_lines(block))
  turn.reasoning_tail = vim.api.nvim_buf_set_extmark(turn.buf, ns, row + 2, 0, { right_gravity = true })
  follow(turn, found)
end

local function write_piece(turn, piece)
  if piece.kind == "reasoning" then
    if not turn.reasoning_tail then
      open_reasoning(turn)
    end
    insert_at(turn, turn.reasoning_tail, piece.text)
  else
    insert_at(turn, turn.tail, piece.text)
  end
end

local function close(turn)
  local row = mark(turn, turn.tail)
  if turn.text ~= "" and turn.text:sub(-1) == "\n" and turn.closing == ""
      and vim.api.nvim_buf_get_lines(turn.buf, row, row + 1, false)[1] == "" then
    vim.api.nvim_buf_set_lines(turn.buf, row, row + 1, false, {}) -- the answer's newline ends its line
  elseif turn.closing ~= "" then
    insert_at(turn, turn.tail, turn.closing)
  end
  for _, id in ipairs({ turn.tail, turn.heading, turn.start, turn.reasoning_tail }) do
    pcall(vim.api.nvim_buf_del_extmark, turn.buf, ns, id)
  end
  turn.done = true
end

--- Writes what the turn has waiting. Raises when the buffer cannot be changed right now (textlock
--- while the command-line window is open, etc.); what was not written stays queued.
local function write(turn)
  if turn.model then
    local row = mark(turn, turn.heading)
    local line = vim.api.nvim_buf_get_lines(turn.buf, row, row + 1, false)[1]
    -- set_text within the line keeps the heading's mark on it (replacing the line would move it)
    vim.api.nvim_buf_set_text(turn.buf, row, 0, row, #line, { transcript.ASSISTANT .. " (" .. turn.model .. ")" })
    turn.model = nil
  end
  while #turn.queue > 0 do
    write_piece(turn, turn.queue[1])
    table.remove(turn.queue, 1)
  end
  if turn.closed then
    close(turn)
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
    indicator.stop(turn)
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
M.flush = flush

--- Starts a turn in `buf` below the "## You" heading at `you_row` (0-based): the prompt (and what
--- was attached), an "## Assistant" heading, the answer's place, then a fresh "## You" heading with
--- `draft` under it. Windows whose cursor was in the old prompt move to the new one.
function M.begin(buf, you_row, prompt, attachments, draft)
  local moving = {}
  for _, win in ipairs(vim.fn.win_findbuf(buf)) do
    if vim.api.nvim_win_get_cursor(win)[1] - 1 >= you_row then
      table.insert(moving, win)
    end
  end
  local lines = transcript.prompt_lines(prompt, attachments)
  vim.list_extend(lines, { "", transcript.ASSISTANT, "", "", "", transcript.YOU, "" })
  local tail_row = you_row + #lines - 3
  if draft and draft ~= "" then
    vim.list_extend(lines, transcript.split_lines(draft))
  end
  vim.api.nvim_buf_set_lines(buf, you_row + 1, -1, false, lines)
  local turn = {
    buf = buf,
    heading = vim.api.nvim_buf_set_extmark(buf, ns, tail_row - 2, 0, {}),
    start = vim.api.nvim_buf_set_extmark(buf, ns, tail_row, 0, { right_gravity = false }),
    tail = vim.api.nvim_buf_set_extmark(buf, ns, tail_row, 0, { right_gravity = true }),
    text = "", -- the answer so far
    reasoning = "",
    queue = {}, -- pieces accepted, not yet in the buffer
    started = (vim.uv or vim.loop).hrtime(),
  }
  local last = vim.api.nvim_buf_line_count(buf)
  for _, win in ipairs(moving) do
    vim.api.nvim_win_set_cursor(win, { last, #vim.api.nvim_buf_get_lines(buf, last - 1, last, false)[1] })
  end
  indicator.start(turn, function()
    return mark(turn, turn.tail), mark(turn, turn.heading)
  end)
  return turn
end

--- Names the model answering in the turn's heading.
function M.set_model(turn, model)
  if model and model ~= "" then
    turn.model = model
    flush(turn)
  end
end

local function queue(turn, kind, text)
  local last = turn.queue[#turn.queue]
  if last and last.kind == kind then
    last.text = last.text .. text
  else
    table.insert(turn.queue, { kind = kind, text = text })
  end
  turn.first_text = true
  flush(turn)
end

--- Appends a piece of the streamed answer.
function M.append(turn, delta)
  if delta and delta ~= "" then
    turn.text = turn.text .. delta
    queue(turn, "text", delta)
  end
end

--- Appends a piece of the model's reasoning (shown in a folded block above the answer).
function M.append_reasoning(turn, text)
  if text and text ~= "" then
    turn.reasoning = turn.reasoning .. text
    queue(turn, "reasoning", text)
  end
end

--- Ends the turn with its notes (see transcript.notes); outcome = { finish, error, elapsed_ms, usage }.
--- Returns the notes.
function M.finish(turn, outcome)
  indicator.stop(turn)
  local notes = transcript.notes(outcome, turn.text ~= "")
  turn.closing = transcript.closing(turn.text, notes)
  turn.closed = true
  flush(turn)
  return notes
end

--- True while some of the turn's text waits for the buffer to accept it.
function M.is_pending(turn)
  return not turn.done and (#turn.queue > 0 or turn.closed == true)
end

return M
