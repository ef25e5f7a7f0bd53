-- End to end: context in (buffer, file, selection; by command and by #reference) and code out
-- (yank, open, apply through a diff: accept and reject), against the real jar and the fake backend.
local H = require("harness")
local chat_sidecar = require("chat_sidecar")
local chat = require("chat_sidecar.chat")

local ANSWER_MS = 30000
local source -- a Lua file on disk, open in the first window

H.before_all(function()
  H.require_jar(H.sidecar_jar)
  local fake = H.start_fake_backend()
  chat_sidecar.setup(H.sidecar_options(fake))
  vim.cmd("filetype on")
  source = vim.fn.tempname() .. "-greet.lua"
  vim.fn.writefile({ "local M = {}", "function M.greet(name)", "  return 'hi ' .. name", "end", "return M" }, source)
end)

local function answered()
  H.truthy(chat_sidecar.wait(ANSWER_MS), "answered")
  return chat_sidecar.last_answer()
end

local function edit_source()
  vim.cmd("silent! only")
  vim.cmd("edit! " .. vim.fn.fnameescape(source))
  return vim.api.nvim_get_current_buf()
end

local function name()
  return vim.fn.fnamemodify(source, ":~:.")
end

H.test("a character-wise selection sends exactly what was selected, with file name and lines", function()
  chat_sidecar.new()
  edit_source()
  vim.api.nvim_win_set_cursor(0, { 2, 9 })
  vim.cmd("normal! vj$")
  vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes("<Esc>", true, false, true), "x", false)
  vim.cmd("'<,'>ChatSidecarAsk What does this do?")
  H.eq(answered(), "You said: What does this do?\n\nFrom `" .. name() .. "` (lines 2–3):\n\n"
    .. "```lua\nM.greet(name)\n  return 'hi ' .. name\n```")
  H.contains(chat.lines(), "_Attached: `" .. name() .. "` (lines 2–3)_", "the attachment is visible in the chat")
end)

H.test("#buffer and #file:path in a prompt attach them; the chat shows what was attached", function()
  chat_sidecar.new()
  local buf = edit_source()
  local other = vim.fn.tempname() .. ".txt"
  vim.fn.writefile({ "plain text" }, other)
  chat.open() -- asked from the chat: #buffer is the buffer of the window the user came from
  H.truthy(chat_sidecar.ask("Compare #buffer with #file:" .. other))
  local answer = answered()
  H.contains(answer, "You said: Compare with\n\nFrom `" .. name() .. "`:\n\n```lua\nlocal M = {}\n")
  H.contains(answer, "From `" .. vim.fn.fnamemodify(other, ":~:.") .. "`:\n\n```text\nplain text\n```")
  H.contains(chat.lines(), "Compare #buffer with #file:" .. other, "the prompt as typed")
  H.contains(chat.lines(), "_Attached: `" .. name() .. "`, `" .. vim.fn.fnamemodify(other, ":~:.") .. "`_")
  H.eq(vim.api.nvim_buf_is_valid(buf), true)
  vim.cmd("wincmd p")
end)

H.test("#selection, and :ChatSidecarAdd attaching a range to the next question", function()
  chat_sidecar.new()
  edit_source()
  vim.cmd("normal! 2GVj")
  vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes("<Esc>", true, false, true), "x", false)
  H.truthy(chat_sidecar.ask("Explain #selection"))
  H.contains(answered(), "From `" .. name() .. "` (lines 2–3):\n\n```lua\nfunction M.greet(name)\n")
  vim.cmd("5ChatSidecarAdd")
  H.contains(H.notices, "chat-sidecar: attached `" .. name() .. "` (line 5) to the next question")
  H.truthy(chat_sidecar.ask("And this?"))
  H.contains(answered(), "From `" .. name() .. "` (line 5):\n\n```lua\nreturn M\n```")
  H.truthy(chat_sidecar.ask("Nothing attached now"))
  H.eq(answered(), "You said: Nothing attached now (turn 3)")
end)

H.test("an unreadable #file is refused with the reason, nothing is sent", function()
  local ok, reason = chat_sidecar.ask("Read #file:/nonexistent/x.lua")
  H.eq(ok, false)
  H.contains(reason, "cannot read /nonexistent/x.lua")
end)

H.test("yank: the code block under the cursor goes to the register, by keymap and command", function()
  chat_sidecar.new()
  H.truthy(chat_sidecar.ask("Show me some [[markdown]]"))
  answered()
  chat.open()
  local lines = chat.lines()
  local row = vim.fn.index(lines, "def greet(name):") + 1
  vim.api.nvim_win_set_cursor(0, { row, 0 })
  vim.fn.setreg('"', "")
  vim.cmd("normal gy")
  H.eq(vim.fn.getreg('"', 1, true), { "def greet(name):", "    return \"Hello, \" + name" })
  H.eq(vim.fn.getregtype('"'), "V", "a line-wise register")
  vim.cmd("ChatSidecarYank a")
  H.eq(vim.fn.getreg("a", 1, true), { "def greet(name):", "    return \"Hello, \" + name" })
  vim.api.nvim_win_set_cursor(0, { 1, 0 })
  H.eq(chat_sidecar.yank("b"), nil, "outside a block nothing is yanked")
  H.eq(chat_sidecar.open_block(), nil, "outside a block nothing is opened")
  vim.api.nvim_win_set_cursor(0, { row, 0 })
  local buf = chat_sidecar.open_block()
  H.eq(vim.api.nvim_buf_get_lines(buf, 0, -1, false), { "def greet(name):", "    return \"Hello, \" + name" })
  H.eq(vim.bo[buf].filetype, "python", "the block's language is the new buffer's file type")
  vim.cmd("bwipe!")
end)

--- Asks about lines 2-4 of the source; the fake answers with a fenced block of that code (it echoes
--- the prompt), which is what gets applied.
local function ask_about_function()
  chat_sidecar.new()
  edit_source()
  vim.cmd("2,4ChatSidecarAsk Rewrite")
  answered()
  chat.open()
  local lines = chat.lines()
  local row = vim.fn.index(lines, "function M.greet(name)") + 1
  H.truthy(row > 0, "the block is in the answer")
  vim.api.nvim_win_set_cursor(0, { row, 0 })
  return lines
end

H.test("apply through a diff, then accept: the source buffer gets the edited block", function()
  ask_about_function()
  local tabs = #vim.api.nvim_list_tabpages()
  vim.cmd("normal ga")
  H.eq(#vim.api.nvim_list_tabpages(), tabs + 1, "the diff opens in a tab page")
  local wins = vim.api.nvim_tabpage_list_wins(0)
  H.eq(#wins, 2, "the source beside the proposal")
  for _, win in ipairs(wins) do
    H.eq(vim.wo[win].diff, true, "both windows are in diff mode")
  end
  local proposal = vim.api.nvim_get_current_buf()
  H.eq(vim.api.nvim_buf_get_lines(proposal, 0, -1, false),
    { "local M = {}", "function M.greet(name)", "  return 'hi ' .. name", "end", "return M" },
    "the block replaces the lines it came from")
  vim.api.nvim_buf_set_lines(proposal, 2, 3, false, { "  return 'hello ' .. name" }) -- edit the proposal
  vim.cmd("normal ga")
  H.eq(#vim.api.nvim_list_tabpages(), tabs, "accept closes the diff")
  local src = vim.fn.bufnr(source)
  H.eq(vim.api.nvim_buf_get_lines(src, 2, 3, false), { "  return 'hello ' .. name" })
  H.eq(vim.bo[src].modified, true, "the change waits for :w like any edit")
  H.eq(vim.fn.readfile(source)[3], "  return 'hi ' .. name", "not written behind the user's back")
  for _, win in ipairs(vim.fn.win_findbuf(src)) do
    H.eq(vim.wo[win].diff, false, "diff mode is off again")
  end
  vim.cmd("buffer " .. src .. " | silent! undo")
end)

H.test("apply through a diff, then reject: the source buffer stays as it was", function()
  ask_about_function()
  local src = vim.fn.bufnr(source)
  local before = vim.api.nvim_buf_get_lines(src, 0, -1, false)
  vim.cmd("ChatSidecarApply")
  local proposal = vim.api.nvim_get_current_buf()
  vim.api.nvim_buf_set_lines(proposal, 0, -1, false, { "everything replaced" })
  vim.cmd("ChatSidecarReject")
  H.eq(vim.api.nvim_buf_get_lines(src, 0, -1, false), before)
  H.eq(vim.api.nvim_buf_is_valid(proposal), false, "the proposal is gone")
  H.eq(chat_sidecar.reject(), false, "nothing waits any more")
end)

H.test("a character-wise selection is applied in place: text around it on its lines stays", function()
  local apply = require("chat_sidecar.apply")
  local buf = vim.api.nvim_create_buf(false, true)
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, { "x = foo(1) + 2", "y" })
  local range = { kind = "chars", first = 1, first_col = 4, last = 1, last_col = 10 }
  H.eq(apply.proposed_lines(buf, range, { "bar(", "  1)" }), { "x = bar(", "  1) + 2", "y" })
end)

H.run()
