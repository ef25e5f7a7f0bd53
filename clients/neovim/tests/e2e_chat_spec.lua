-- End to end: the plugin, the real sidecar jar and the project's fake chatgpt.com.
local H = require("harness")
local chat_sidecar = require("chat_sidecar")
local chat = require("chat_sidecar.chat")

local uv = vim.uv or vim.loop
local ANSWER_MS = 30000

H.before_all(function()
  H.require_jar(H.sidecar_jar)
  local fake = H.start_fake_backend()
  chat_sidecar.setup(H.sidecar_options(fake))
end)

--- Asks and waits; returns the error and result given to on_done.
local function ask_and_wait(prompt, opts)
  local done, err, result = false, nil, nil
  opts = vim.tbl_extend("force", opts or {}, {
    on_done = function(e, r)
      done, err, result = true, e, r
    end,
  })
  H.eq({ chat_sidecar.ask(prompt, opts) }, { true }, "ask() sends")
  H.truthy(chat_sidecar.wait(ANSWER_MS), "wait() returns once the answer finished")
  H.truthy(done, "on_done ran")
  return err, result
end

--- The chat's lines without the notes that give an answer's time (they vary from run to run).
local function lines_without_time()
  local lines = {}
  for _, line in ipairs(chat.lines()) do
    if line:match("^_%(%d+%.%d s") then
      table.remove(lines) -- and the blank line before it
    else
      table.insert(lines, line)
    end
  end
  return lines
end

local function tail(n)
  local lines = lines_without_time()
  return vim.list_slice(lines, #lines - n + 1)
end

H.test("ask streams the answer into the buffer and last_answer() returns it", function()
  chat_sidecar.new()
  local err, result = ask_and_wait("Hello there")
  H.eq(err, nil)
  H.eq(result.text, "You said: Hello there")
  H.eq(chat_sidecar.last_answer(), "You said: Hello there")
  H.eq(lines_without_time(), { "## You", "", "Hello there", "", "## Assistant (" .. result.model .. ")", "",
    "You said: Hello there", "", "## You", "" })
  H.truthy(chat_sidecar.sidecar_pid(), "the sidecar runs")
end)

H.test("a follow-up continues the conversation: the fake counts turn 2", function()
  local err, result = ask_and_wait("And once more")
  H.eq(err, nil)
  H.eq(result.text, "You said: And once more (turn 2)")
  H.eq(chat_sidecar.last_answer(), "You said: And once more (turn 2)")
  H.eq(tail(4), { "You said: And once more (turn 2)", "", "## You", "" })
  vim.cmd("ChatSidecarNew")
  H.eq(chat.lines(), { "## You", "" }, ":ChatSidecarNew empties the chat")
  local _, fresh = ask_and_wait("And once more")
  H.eq(fresh.text, "You said: And once more", "a new conversation starts at turn 1")
end)

H.test("stop mid-answer keeps the partial text, marked as stopped", function()
  chat_sidecar.new()
  local done, err = false, nil
  H.truthy(chat_sidecar.ask("Count slowly [[slow]]", { on_done = function(e)
    done, err = true, e
  end }))
  H.wait_for(ANSWER_MS, function()
    return (chat_sidecar.last_answer() or "") ~= ""
  end, "the first streamed text")
  local so_far = chat_sidecar.last_answer()
  H.contains(table.concat(chat.lines(), "\n"), "\n\n" .. so_far, "streamed text is in the buffer while streaming")
  H.eq(done, false, "the answer is still streaming")
  local started = uv.hrtime()
  vim.cmd("ChatSidecarStop")
  H.truthy(chat_sidecar.wait(5000), "the answer ends soon after the stop")
  local stop_ms = (uv.hrtime() - started) / 1e6
  H.truthy(done, "on_done ran")
  H.eq(err and err.data.type, "cancelled")
  local partial = chat_sidecar.last_answer()
  H.truthy(#partial >= #so_far, "the partial text holds what had streamed")
  H.eq(err.data.partialText, partial, "the sidecar's partialText is what the buffer shows")
  local text = table.concat(lines_without_time(), "\n")
  H.contains(text, partial .. "\n\n_(stopped)_\n\n## You\n", "partial text stays, marked")
  H.truthy(stop_ms < 5000, "stopped in " .. stop_ms .. " ms")
end)

H.test("reopening this very chat from history while an answer streams keeps that answer", function()
  chat_sidecar.new()
  ask_and_wait("Remember this")
  local history = require("chat_sidecar.history")
  local id = history.list()[1].id
  H.truthy(chat_sidecar.ask("Count slowly [[slow]]"))
  H.wait_for(ANSWER_MS, function()
    return (chat_sidecar.last_answer() or "") ~= ""
  end, "the first streamed text")
  H.truthy(history.reopen(id))
  local prompts = vim.tbl_map(function(turn)
    return turn.prompt
  end, require("chat_sidecar.conversation").turns())
  H.eq(prompts, { "Remember this", "Count slowly [[slow]]" }, "the stopped answer is in the reopened chat")
  H.contains(table.concat(chat.lines(), "\n"), "_(stopped)_", "and in its buffer")
  H.eq(history.load(id).turns[2].prompt, "Count slowly [[slow]]", "and in history")
end)

H.test("ask() returns at once; wait() with a short timeout returns false while it streams", function()
  chat_sidecar.new()
  vim.cmd("silent! only")
  vim.cmd("enew")
  local user_buf = vim.api.nvim_get_current_buf()
  local started = uv.hrtime()
  H.truthy(chat_sidecar.ask("Stream slowly [[slow]]"))
  local ask_ms = (uv.hrtime() - started) / 1e6
  H.truthy(ask_ms < 500, "ask() returns at once (" .. ask_ms .. " ms)")
  H.eq(vim.api.nvim_get_current_buf(), user_buf, "the cursor stays in the user's window")
  H.eq(#vim.api.nvim_list_wins(), 2, "the chat is shown beside it")
  H.wait_for(ANSWER_MS, function()
    return (chat_sidecar.last_answer() or "") ~= ""
  end, "the first streamed text")
  local ok, reason = chat_sidecar.ask("Me too")
  H.eq(ok, false, "one answer at a time")
  H.contains(reason, "still streaming")
  started = uv.hrtime()
  H.eq(chat_sidecar.wait(50), false, "wait(50) times out while the answer streams")
  H.truthy((uv.hrtime() - started) / 1e6 < 1000, "wait(50) returned promptly")
  chat_sidecar.stop()
  H.truthy(chat_sidecar.wait(5000), "stopped")
end)

H.test(":ChatSidecarAsk without a prompt asks for one with vim.ui.input", function()
  chat_sidecar.new()
  local original, asked = vim.ui.input, nil
  vim.ui.input = function(opts, on_confirm)
    asked = opts.prompt
    on_confirm("From the input box")
  end
  vim.cmd("ChatSidecarAsk")
  vim.ui.input = original
  H.eq(asked, "Ask: ")
  H.truthy(chat_sidecar.wait(ANSWER_MS), "answered")
  H.eq(chat_sidecar.last_answer(), "You said: From the input box")
end)

H.test("<C-c> in the chat buffer stops too", function()
  chat_sidecar.new()
  H.truthy(chat_sidecar.ask("Again slowly [[slow]]"))
  H.wait_for(ANSWER_MS, function()
    return (chat_sidecar.last_answer() or "") ~= ""
  end, "the first streamed text")
  chat.open()
  vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes("<C-c>", true, false, true), "x", false)
  H.truthy(chat_sidecar.wait(5000), "the answer ends")
  H.contains(table.concat(chat.lines(), "\n"), "_(stopped)_")
  vim.cmd("wincmd p")
end)

H.test("an error is shown inline with its hint; the next prompt works", function()
  chat_sidecar.new()
  local err = ask_and_wait("Too much [[error:429]]")
  H.eq(err.data.type, "rate_limited")
  H.truthy(err.data.hint and err.data.hint ~= "", "the sidecar sent a hint")
  local lines = chat.lines()
  H.contains(lines, "> **Error (rate_limited):** " .. err.data.message:gsub("\n", "\n> "))
  H.contains(lines, "> **Hint:** " .. err.data.hint:gsub("\n", "\n> "))
  H.eq(tail(2), { "## You", "" })
  local again_err, result = ask_and_wait("Fine now")
  H.eq(again_err, nil)
  H.eq(result.text, "You said: Fine now", "the failed prompt is not part of the conversation")
end)

H.test("model picking: vim.ui.select offers chat/models; the choice answers the next prompt", function()
  chat_sidecar.new()
  local offered, labels, pick = nil, nil, nil
  local original = vim.ui.select
  vim.ui.select = function(items, opts, on_choice)
    offered = items
    labels = vim.tbl_map(opts.format_item, items)
    -- the last model that can answer (unconfigured backends are listed as unavailable)
    for i, item in ipairs(items) do
      if item.available and not item.isDefault then
        pick = i
      end
    end
    on_choice(items[pick], pick)
  end
  vim.cmd("ChatSidecarModel")
  H.wait_for(10000, function()
    return offered ~= nil and pick ~= nil and chat_sidecar.model() == offered[pick].id
  end, "the model list and the choice")
  vim.ui.select = original
  local chosen = offered[pick]
  H.contains(H.notices, "chat-sidecar: model " .. chosen.id)
  for i, model in ipairs(offered) do
    H.eq(labels[i]:sub(1, 2) == "* ", model.isDefault == true, "only the model in use is starred: " .. labels[i])
  end
  H.truthy(labels[pick]:find(chosen.id, 1, true) or labels[pick]:find(chosen.label, 1, true),
    "the label names the model: " .. labels[pick])
  local err, result = ask_and_wait("Which model?")
  H.eq(err, nil)
  H.eq(result.model, chosen.id)
  H.contains(chat.lines(), "## Assistant (" .. chosen.id .. ")")
  vim.cmd("ChatSidecarModel " .. offered[1].id)
  H.wait_for(10000, function()
    return chat_sidecar.model() == offered[1].id
  end, ":ChatSidecarModel {id}")
end)

H.test(":ChatSidecarAsk with a range sends the lines, where they come from, and the file type", function()
  chat_sidecar.new()
  vim.cmd("enew")
  vim.bo.filetype = "lua"
  vim.api.nvim_buf_set_lines(0, 0, -1, false, { "local x = 1", "return x", "-- not sent" })
  vim.cmd("1,2ChatSidecarAsk Explain this")
  H.truthy(chat_sidecar.wait(ANSWER_MS), "answered")
  H.eq(chat_sidecar.last_answer(),
    "You said: Explain this\n\nFrom `[No Name]` (lines 1–2):\n\n```lua\nlocal x = 1\nreturn x\n```")
  H.eq(vim.list_slice(chat.lines(), 1, 7), { "## You", "", "Explain this", "", "_Attached: `[No Name]` (lines 1–2)_",
    "", "## Assistant (" .. chat_sidecar.model() .. ")" })
end)

H.test("<CR> sends what was typed under the last You heading, as a follow-up", function()
  chat.open()
  vim.api.nvim_buf_set_lines(chat.buffer(), -2, -1, false, { "", "typed in the buffer" })
  vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes("<CR>", true, false, true), "x", false)
  H.truthy(chat_sidecar.wait(ANSWER_MS), "answered")
  H.eq(chat_sidecar.last_answer(), "You said: typed in the buffer (turn 2)")
  H.eq(tail(8), { "typed in the buffer", "", "## Assistant (" .. chat_sidecar.model() .. ")", "",
    "You said: typed in the buffer (turn 2)", "", "## You", "" })
  vim.cmd("wincmd p")
end)

H.test("a captured conversation, saved as Markdown", function()
  chat_sidecar.new()
  ask_and_wait("What is chat-sidecar?")
  ask_and_wait("Show me some [[markdown]]")
  ask_and_wait("Quick follow-up")
  H.truthy(chat_sidecar.ask("Now stop halfway [[slow]]"))
  H.wait_for(ANSWER_MS, function()
    return #(chat_sidecar.last_answer() or "") > 20
  end, "some streamed text")
  chat_sidecar.stop()
  H.truthy(chat_sidecar.wait(5000))
  ask_and_wait("And fail [[error:429]]")
  H.capture("chat-buffer.md", chat.lines())
  local saved = chat_sidecar.save(H.out_dir .. "/saved-chat.md")
  local lines = vim.fn.readfile(saved)
  H.eq(lines[1], "## You")
  H.truthy(#lines < #chat.lines(), "the trailing empty You section is left out")
end)

H.run()
