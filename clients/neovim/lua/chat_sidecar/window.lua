--- The chat window: opened in the configured layout (split, float, tab...), shown, focused, closed.
local config = require("chat_sidecar.config")

local M = {}

--- The windows (in the current tab page) that show the chat buffer.
local function windows(buf)
  local found = {}
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
  M.set_folding(win)
  return win
end

--- Folds reasoning blocks (<details> ... </details>) in a chat window, closed at first.
function M.set_folding(win)
  vim.wo[win].foldmethod = "expr"
  vim.wo[win].foldexpr = [[getline(v:lnum)=~'^<details>'?'a1':getline(v:lnum)=~'^</details>'?'s1':'=']]
  vim.wo[win].foldlevel = 0
  vim.wo[win].foldenable = true
end

--- Shows the chat buffer and moves the cursor into it (to its end); returns the window.
function M.open(bufnr)
  local win = windows(bufnr)[1] or open_window(bufnr)
  vim.api.nvim_set_current_win(win)
  vim.api.nvim_win_set_cursor(win, { vim.api.nvim_buf_line_count(bufnr), 0 })
  return win
end

--- Shows the chat buffer without moving the cursor out of the current window.
function M.show(bufnr)
  if #windows(bufnr) > 0 then
    return
  end
  local previous = vim.api.nvim_get_current_win()
  M.open(bufnr)
  if vim.api.nvim_win_is_valid(previous) then
    vim.api.nvim_set_current_win(previous)
  end
end

--- Closes the windows that show the chat (the buffer and the conversation stay).
function M.close(bufnr)
  for _, win in ipairs(windows(bufnr)) do
    if #vim.api.nvim_list_wins() > 1 then
      vim.api.nvim_win_close(win, false)
    else
      vim.cmd("enew") -- the last window cannot be closed: show an empty buffer instead
    end
  end
end

return M
