-- Issue 14's bugs, each reproduced in a child Neovim (as a user drives it) against the real jar
-- and the fake backend.
local H = require("harness")
local C = require("child")

local ANSWER_MS = 30000
local fake

H.before_all(function()
  H.require_jar(H.sidecar_jar)
  fake = H.start_fake_backend()
end)

local function words(n)
  local parts = {}
  for i = 1, n do
    table.insert(parts, "w" .. i)
  end
  return table.concat(parts, " ")
end

local function options(extra)
  return vim.tbl_deep_extend("force", H.sidecar_options(fake), extra or {})
end

H.test("bug 1: the chat window follows an answer asked from another window", function()
  local child = C.start(options({ window = { layout = "split", height = 6 } }))
  child:lua([[vim.cmd("ChatSidecar") vim.cmd("wincmd p")]])
  child:lua([=[vim.cmd("ChatSidecarAsk Show me some [[markdown]]")]=])
  child:wait_for(ANSWER_MS, [[not require("chat_sidecar.conversation").busy()]], "the answer")
  local cursor, count = unpack(child:lua([[
    local buf = require("chat_sidecar.chat").buffer()
    local win = vim.fn.win_findbuf(buf)[1]
    return { vim.api.nvim_win_get_cursor(win)[1], vim.api.nvim_buf_line_count(buf) }
  ]]))
  H.eq(cursor, count, "the chat window's cursor is at the end (in the next prompt)")
  child:stop()
end)

H.test("bug 2: typing while an answer streams goes to the next prompt; save keeps the answer clean", function()
  local child = C.start(options())
  child:lua([[vim.cmd("ChatSidecar")]])
  child:lua([=[require("chat_sidecar").ask("Count [[chunks:15]] [[slow]]")]=])
  child:wait_for(ANSWER_MS, [[(require("chat_sidecar").last_answer() or "") ~= ""]], "the first text")
  child:input("imy next question<Esc>")
  child:wait_for(ANSWER_MS, [[not require("chat_sidecar.conversation").busy()]], "the answer")
  H.eq(child:lua([[return require("chat_sidecar").last_answer()]]), words(15))
  local text = child:lua([[return table.concat(require("chat_sidecar.chat").lines(), "\n")]])
  H.contains(text, "\n" .. words(15) .. "\n", "the answer stands alone on its line")
  H.eq(child:lua([[return require("chat_sidecar.chat").draft()]]), "my next question", "the typed text is the next prompt")
  local path = vim.fn.tempname() .. ".md"
  child:lua([[vim.cmd("ChatSidecarSave " .. ...)]], path)
  local saved = table.concat(vim.fn.readfile(path), "\n")
  H.contains(saved, "\n" .. words(15) .. "\n", "saved answer is clean")
  H.eq(saved:find("my next question", 1, true), nil, "the unsent draft is not saved as part of an answer")
  child:stop()
end)

H.test("bug 3a: :ChatSidecarModel openai/x says why OpenAI models are unavailable", function()
  local child = C.start(options({ settings = { openai = { baseUrl = "http://127.0.0.1:9" } } }))
  child:lua([[vim.cmd("ChatSidecarModel openai/x")]])
  child:wait_for(ANSWER_MS, [[#_G.notices > 0]], "a notice")
  local notice = child:lua([[return _G.notices[1] ]])
  H.contains(notice, "unavailable")
  H.contains(notice, "127.0.0.1:9")
  child:stop()
end)

H.test("bug 3b: model names complete on first use", function()
  local child = C.start(options())
  local names = child:lua([[return vim.fn.getcompletion("ChatSidecarModel ", "cmdline")]])
  H.contains(names, "auto")
  H.contains(child:lua([[return vim.fn.getcompletion("ChatSidecarModel gpt-4o-", "cmdline")]]), "gpt-4o-mini")
  child:stop()
end)

H.test("bug 3c: picking a model with the built-in vim.ui.select ends without a Press ENTER prompt", function()
  local screen = C.start_tui(string.format([[
    vim.o.cmdheight = 1
    require("chat_sidecar").setup({ jar = %q, settings = { chatgpt = { baseUrl = %q } } })
  ]], H.sidecar_jar, fake.baseUrl))
  vim.wait(500)
  screen:send(":ChatSidecarModel\r")
  screen:wait_for_text(ANSWER_MS, "Chat model")
  screen:clear()
  screen:send("2\r")
  vim.wait(2000) -- time for the choice and its message to be drawn
  screen:send(":lua print('MODEL=' .. require('chat_sidecar').model())\r")
  screen:wait_for_text(10000, "MODEL=gpt-4o-mini")
  H.eq(screen:text():find("Press ENTER", 1, true), nil, "no Press ENTER prompt after picking")
  screen:stop()
end)

H.test("bug 3d/3e: <CR> acts normally outside the prompt; after sending, the cursor is in the next prompt", function()
  local child = C.start(options())
  child:lua([[vim.cmd("ChatSidecar")]])
  child:lua([[vim.api.nvim_buf_set_lines(0, -1, -1, false, { "first", "second" })]])
  child:lua([[vim.api.nvim_win_set_cursor(0, { 1, 0 })]])
  child:input("<CR>")
  child:wait_for(5000, [[vim.api.nvim_win_get_cursor(0)[1] == 2]], "<CR> on the heading moves down a line")
  H.eq(child:lua([[return require("chat_sidecar.conversation").busy()]]), false, "nothing was sent")
  child:lua([[vim.api.nvim_win_set_cursor(0, { 4, 0 })]])
  child:input("<CR>")
  child:wait_for(5000, [[require("chat_sidecar.conversation").busy()]], "the prompt is sent")
  local cursor, lines = unpack(child:lua([[
    return { vim.api.nvim_win_get_cursor(0)[1], require("chat_sidecar.chat").lines() }
  ]]))
  H.eq(cursor, #lines, "the cursor is on the last line")
  local heading
  for row = #lines, 1, -1 do
    if lines[row]:match("^## ") then
      heading = lines[row]
      break
    end
  end
  H.eq(heading, "## You", "the cursor is under a fresh You heading while the answer streams")
  child:stop()
end)

H.test("keys: <C-s> sends from Insert mode, which goes on in the next prompt", function()
  local child = C.start(options())
  child:lua([[vim.cmd("ChatSidecar")]])
  child:input("ione question<C-s>")
  child:wait_for(5000, [[require("chat_sidecar.conversation").busy()]], "the prompt is sent")
  H.eq(child:lua([[return vim.api.nvim_get_mode().mode]]), "i", "still in Insert mode")
  child:input("the next one")
  child:wait_for(ANSWER_MS, [[not require("chat_sidecar.conversation").busy()]], "the answer")
  H.eq(child:lua([[return require("chat_sidecar").last_answer()]]), "You said: one question")
  H.eq(child:lua([[return require("chat_sidecar.chat").draft()]]), "the next one")
  child:stop()
end)

H.test("bug 3f: :w in the chat buffer works (no E382)", function()
  local child = C.start(options(), { XDG_DATA_HOME = vim.fn.tempname() })
  child:lua([[vim.cmd("ChatSidecar")]])
  local ok, err = unpack(child:lua([[
    local ok, err = pcall(vim.cmd, "write")
    return { ok, tostring(err) }
  ]]))
  H.truthy(ok, ":w failed: " .. err)
  child:stop()
end)

H.test("bug 3g: :checkhealth does not list placeholder ids as OK models", function()
  local child = C.start(options({ settings = { openai = { baseUrl = "http://127.0.0.1:9" } } }))
  local report = child:lua([[
    vim.cmd("silent checkhealth chat_sidecar")
    return table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), "\n")
  ]])
  for line in report:gmatch("[^\n]+") do
    if line:find("OK", 1, true) and line:find("models", 1, true) then
      H.eq(line:find("openai/*", 1, true), nil, "placeholder in an OK line: " .. line)
      H.eq(line:find("local/model", 1, true), nil, "unavailable model in an OK line: " .. line)
    end
  end
  H.contains(report, "openai/*")
  child:stop()
end)

H.run()
