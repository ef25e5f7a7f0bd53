--- What shows that an answer is on its way: a "waiting…" line with a spinner until the first text,
--- then the elapsed time beside the "## Assistant" heading. Virtual text only: never in the answer.
local M = {}

local ns = vim.api.nvim_create_namespace("chat_sidecar_indicator")
M.ns = ns
local FRAMES = { "⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏" }
local TICK_MS = 200

local function elapsed(turn)
  return ((vim.uv or vim.loop).hrtime() - turn.started) / 1e9
end

local function draw(turn, position)
  local tail_row, heading_row = position()
  if not tail_row or not vim.api.nvim_buf_is_valid(turn.buf) then
    M.stop(turn) -- the chat was reset under it
    return
  end
  turn.frame = (turn.frame or 0) % #FRAMES + 1
  local spin = FRAMES[turn.frame]
  local row, text
  if turn.first_text then
    row, text = heading_row, string.format("  %s %.1f s", spin, elapsed(turn))
  else
    row, text = tail_row, string.format("%s waiting… %.1f s", spin, elapsed(turn))
  end
  turn.indicator_id = vim.api.nvim_buf_set_extmark(turn.buf, ns, row, 0, {
    id = turn.indicator_id, virt_text = { { text, "Comment" } }, virt_text_pos = "eol",
  })
end

--- Shows the indicator for `turn`; position() returns the answer's tail row and the heading row.
function M.start(turn, position)
  draw(turn, position)
  local timer = (vim.uv or vim.loop).new_timer()
  turn.timer = timer
  timer:start(TICK_MS, TICK_MS, vim.schedule_wrap(function()
    if turn.timer == timer then
      pcall(draw, turn, position)
    end
  end))
end

--- Removes the indicator.
function M.stop(turn)
  if turn.timer then
    turn.timer:stop()
    turn.timer:close()
    turn.timer = nil
  end
  if turn.indicator_id and vim.api.nvim_buf_is_valid(turn.buf) then
    pcall(vim.api.nvim_buf_del_extmark, turn.buf, ns, turn.indicator_id)
  end
  turn.indicator_id = nil
end

--- The indicator's text now, or nil (for tests and statuslines).
function M.text(turn)
  if not turn.indicator_id then
    return nil
  end
  local mark = vim.api.nvim_buf_get_extmark_by_id(turn.buf, ns, turn.indicator_id, { details = true })
  local details = mark[3]
  return details and details.virt_text and details.virt_text[1][1] or nil
end

return M
