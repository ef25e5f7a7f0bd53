-- End to end: chats persist under stdpath("data"); after a restart of Neovim the history lists
-- them (date, first question) through vim.ui.select and one is reopened and continued.
local H = require("harness")
local C = require("child")

local ANSWER_MS = 30000
local fake, data_home

H.before_all(function()
  H.require_jar(H.sidecar_jar)
  fake = H.start_fake_backend()
  data_home = vim.fn.tempname()
end)

local function start()
  return C.start(H.sidecar_options(fake), { XDG_DATA_HOME = data_home })
end

local function ask(child, prompt)
  H.eq(child:lua("return require('chat_sidecar').ask(...)", prompt), true, "sent: " .. prompt)
  child:wait_for(ANSWER_MS, [[not require("chat_sidecar.conversation").busy()]], "the answer to " .. prompt)
  return child:lua([[return require("chat_sidecar").last_answer()]])
end

--- Picks the history entry whose label contains `text`; returns all labels offered.
local function pick_from_history(child, text)
  return child:lua([[
    local wanted = ...
    local labels, done = nil, false
    vim.ui.select = function(items, opts, on_choice)
      labels = vim.tbl_map(opts.format_item, items)
      for i, label in ipairs(labels) do
        if label:find(wanted, 1, true) then
          return on_choice(items[i], i)
        end
      end
      on_choice(nil)
    end
    require("chat_sidecar").history(function() done = true end)
    vim.wait(5000, function() return done end)
    return labels
  ]], text)
end

H.test("chats persist; after a restart the history reopens one and it continues", function()
  local first = start()
  H.eq(ask(first, "Remember the monads"), "You said: Remember the monads")
  first:lua([[vim.cmd("ChatSidecarNew")]])
  H.eq(first:lua([[return require("chat_sidecar.chat").lines()]]), { "## You", "" }, "a new chat")
  ask(first, "A second chat")
  first:lua([[vim.cmd("ChatSidecar")]])
  first:input("Go<Esc>ia draft left for tomorrow<Esc>")
  first:wait_for(5000, [[require("chat_sidecar.chat").draft() == "a draft left for tomorrow"]], "the draft")
  first:stop() -- :qall! as a user quits
  local files = vim.fn.glob(data_home .. "/nvim/chat-sidecar/history/*.json", false, true)
  H.eq(#files, 2, "two chats kept under stdpath('data')")

  local second = start()
  local labels = pick_from_history(second, "Remember the monads")
  H.eq(#labels, 2, "both chats offered")
  H.truthy(labels[1]:match("^%d%d%d%d%-%d%d%-%d%d %d%d:%d%d  A second chat %(1 question%)$"), labels[1])
  H.truthy(labels[2]:match("^%d%d%d%d%-%d%d%-%d%d %d%d:%d%d  Remember the monads %(1 question%)$"), labels[2])
  local lines = second:lua([[return require("chat_sidecar.chat").lines()]])
  H.eq(vim.list_slice(lines, 1, 3), { "## You", "", "Remember the monads" })
  H.contains(lines, "You said: Remember the monads")
  H.eq(lines[#lines - 1], "## You", "ready for the next question")
  H.eq(ask(second, "And what came next?"), "You said: And what came next? (turn 2)", "the conversation goes on")

  pick_from_history(second, "A second chat")
  H.eq(second:lua([[return require("chat_sidecar.chat").draft()]]), "a draft left for tomorrow",
    "the unsent draft came back")
  labels = pick_from_history(second, "nothing matches")
  H.truthy(#vim.tbl_filter(function(label)
    return label:find("Remember the monads (2 questions)", 1, true) ~= nil
  end, labels) == 1, "the continued chat was saved: " .. table.concat(labels, "; "))
  second:stop()
end)

H.test(":w saves the chat to history; :w {file} writes it as Markdown", function()
  local child = start()
  ask(child, "Write me down")
  child:lua([[vim.cmd("ChatSidecar")]])
  local path = vim.fn.tempname() .. ".md"
  child:lua([[vim.cmd("write " .. vim.fn.fnameescape(...))]], path)
  H.eq(vim.fn.readfile(path), { "## You", "", "Write me down", "", "## Assistant (auto)", "",
    "You said: Write me down", "", vim.fn.readfile(path)[9] })
  H.truthy(vim.fn.readfile(path)[9]:match("^_%(%d+%.%d s%)_$"), "the time note")
  child:lua([[vim.cmd("write")]])
  H.contains(child:lua([[return _G.notices[#_G.notices] ]]), "chat-sidecar: saved " .. data_home)
  H.eq(child:lua([[return vim.bo.modified]]), false)
  child:stop()
end)

H.run()
