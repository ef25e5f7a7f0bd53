--- The chat buffer (Markdown): its lines, the prompt area under the last "## You" heading, the
--- attachments waiting for the next question, and what `:w` does in it.
local config = require("chat_sidecar.config")
local transcript = require("chat_sidecar.transcript")
local window = require("chat_sidecar.window")

local M = {}

M.YOU = transcript.YOU
M.ASSISTANT = transcript.ASSISTANT
M.BUFFER_NAME = "chat-sidecar://chat"
M.split_lines = transcript.split_lines
local YOU_PATTERN = "^##%s+You%s*$"

local ns = vim.api.nvim_create_namespace("chat_sidecar_chat")
local buf = nil

--- `:w` saves the chat to history (`:w {file}` writes it as Markdown there); leaving Neovim saves it
--- too, so an unsent draft never blocks `:qa`.
local function set_autocmds(bufnr)
  local group = vim.api.nvim_create_augroup("chat_sidecar_buffer", { clear = true })
  vim.api.nvim_create_autocmd("BufWriteCmd", {
    group = group, buffer = bufnr, desc = "Save the chat (to history, or as Markdown to a named file)",
    callback = function(args)
      require("chat_sidecar.conversation").write(args.file)
    end,
  })
  vim.api.nvim_create_autocmd({ "QuitPre", "VimLeavePre" }, {
    group = group, desc = "Keep the chat in history",
    callback = function()
      if vim.api.nvim_buf_is_valid(bufnr) and vim.bo[bufnr].modified then
        pcall(require("chat_sidecar.conversation").write, nil)
      end
    end,
  })
  vim.api.nvim_create_autocmd("BufWinEnter", {
    group = group, buffer = bufnr, desc = "Fold reasoning in chat windows",
    callback = function()
      window.set_folding(vim.api.nvim_get_current_win())
    end,
  })
end

--- The chat buffer, created on first use.
function M.buffer()
  if buf and vim.api.nvim_buf_is_valid(buf) then
    return buf
  end
  buf = vim.api.nvim_create_buf(false, true)
  vim.api.nvim_buf_set_name(buf, M.BUFFER_NAME)
  vim.bo[buf].buftype = "acwrite"
  vim.bo[buf].bufhidden = "hide"
  vim.bo[buf].swapfile = false
  vim.bo[buf].filetype = "markdown"
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, { M.YOU, "" })
  vim.bo[buf].modified = false
  require("chat_sidecar.keymaps").set(buf, config.get().mappings)
  set_autocmds(buf)
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
function M.last_you_row()
  local bufnr = M.buffer()
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  for row = #lines, 1, -1 do
    if lines[row]:match(YOU_PATTERN) then
      return row - 1
    end
  end
  vim.api.nvim_buf_set_lines(bufnr, -1, -1, false, { "", M.YOU })
  return #lines + 1
end

--- True when the window's cursor is in the prompt area (below the last "## You" heading).
function M.in_prompt(win)
  win = win or vim.api.nvim_get_current_win()
  return vim.api.nvim_win_get_buf(win) == M.buffer()
    and vim.api.nvim_win_get_cursor(win)[1] - 1 > M.last_you_row()
end

--- The text typed under the last "## You" heading, without surrounding blank lines.
function M.draft()
  local bufnr = M.buffer()
  local lines = vim.api.nvim_buf_get_lines(bufnr, M.last_you_row() + 1, -1, false)
  return vim.trim(table.concat(lines, "\n"))
end

--- Starts a turn for `prompt`: the draft is replaced by it when `from_draft`, else kept under the
--- next "## You" heading. Returns the turn (see turn.lua).
function M.begin_turn(prompt, attachments, from_draft)
  local draft = (not from_draft) and M.draft() or nil
  return require("chat_sidecar.turn").begin(M.buffer(), M.last_you_row(), prompt, attachments, draft)
end

--- Shows what will be attached to the next question beside the last "## You" heading.
function M.show_attachments(labels)
  local bufnr = M.buffer()
  vim.api.nvim_buf_clear_namespace(bufnr, ns, 0, -1)
  if #labels > 0 then
    vim.api.nvim_buf_set_extmark(bufnr, ns, M.last_you_row(), 0, {
      virt_text = { { "  attached: " .. table.concat(labels, ", "), "Comment" } }, virt_text_pos = "eol",
    })
  end
end

--- Replaces the whole chat with `lines` (a new or a reopened conversation).
function M.load(lines)
  local bufnr = M.buffer()
  vim.api.nvim_buf_clear_namespace(bufnr, ns, 0, -1)
  vim.api.nvim_buf_clear_namespace(bufnr, require("chat_sidecar.turn").ns, 0, -1)
  vim.api.nvim_buf_clear_namespace(bufnr, require("chat_sidecar.indicator").ns, 0, -1)
  vim.api.nvim_buf_set_lines(bufnr, 0, -1, false, lines)
  vim.bo[bufnr].modified = false
  for _, win in ipairs(vim.fn.win_findbuf(bufnr)) do
    vim.api.nvim_win_set_cursor(win, { #lines, #lines[#lines] })
  end
end

--- Empties the chat (a new conversation).
function M.reset()
  M.load({ M.YOU, "" })
end

--- Writes Markdown lines to `path` (default: a dated file in save_dir); returns the path.
function M.write_markdown(lines, path)
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
