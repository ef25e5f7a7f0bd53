--- Code blocks in answers: the fenced block under the cursor (or the last one in the chat), yanked
--- to a register or opened in a new buffer.
local M = {}

local function fence_of(line)
  local indent, ticks, info = line:match("^(%s*)(```+)%s*([^`]*)$")
  if not ticks then
    indent, ticks, info = line:match("^(%s*)(~~~+)%s*(.*)$")
  end
  return ticks, indent, info and vim.trim(info) or nil
end

--- The fenced blocks of `lines`: { first, last (1-based rows of the fences), lang, lines }.
function M.blocks(lines)
  local blocks, open = {}, nil
  for row, line in ipairs(lines) do
    local ticks, indent, info = fence_of(line)
    if open then
      if ticks and ticks:sub(1, 1) == open.ticks:sub(1, 1) and #ticks >= #open.ticks and info == "" then
        open.last = row
        open.lines = vim.list_slice(lines, open.first + 1, row - 1)
        table.insert(blocks, open)
        open = nil
      end
    elseif ticks then
      open = { first = row, ticks = ticks, indent = indent, lang = (info or ""):match("^(%S*)") }
    end
  end
  return blocks
end

--- The block under the cursor of the chat window, else the last block of the chat; nil when none.
--- Also returns the index of the turn whose answer holds it.
function M.current()
  local chat = require("chat_sidecar.chat")
  local lines = chat.lines()
  local blocks = M.blocks(lines)
  local chosen = blocks[#blocks]
  if vim.api.nvim_get_current_buf() == chat.buffer() then
    local row = vim.api.nvim_win_get_cursor(0)[1]
    chosen = nil
    for _, block in ipairs(blocks) do
      if row >= block.first and row <= block.last then
        chosen = block
      end
    end
  end
  if not chosen then
    return nil
  end
  local turn = 0
  for row = 1, chosen.first do
    if lines[row]:match("^##%s+Assistant") then
      turn = turn + 1
    end
  end
  return chosen, turn
end

local function need_block()
  local block, turn = M.current()
  if not block then
    vim.notify("chat-sidecar: no code block here (put the cursor inside a ``` block of an answer)",
      vim.log.levels.WARN)
  end
  return block, turn
end

--- Yanks the block (to `register`, default the unnamed one). Returns its lines, or nil.
function M.yank(register)
  local block = need_block()
  if not block then
    return nil
  end
  register = (register and register ~= "") and register or vim.v.register
  vim.fn.setreg(register, block.lines, "l")
  vim.notify(string.format("chat-sidecar: yanked %d line%s of %s", #block.lines, #block.lines == 1 and "" or "s",
    block.lang ~= "" and block.lang or "code"))
  return block.lines
end

--- Opens the block in a new buffer (in a split) with the block's language as 'filetype'.
function M.open()
  local block = need_block()
  if not block then
    return nil
  end
  vim.cmd("new")
  local buf = vim.api.nvim_get_current_buf()
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, block.lines)
  if block.lang ~= "" then
    vim.bo[buf].filetype = block.lang
  end
  return buf
end

return M
