-- End to end: what shows progress and cost (reasoning folded, time and usage notes), and the model
-- list fetched again when the sidecar announces chat/modelsChanged. Reports the jar does not send
-- yet (reasoning, chat/modelsChanged) are put into the running sidecar's stream as it would send them.
local H = require("harness")
local chat_sidecar = require("chat_sidecar")
local chat = require("chat_sidecar.chat")
local conversation = require("chat_sidecar.conversation")
local framing = require("chat_sidecar.framing")
local models = require("chat_sidecar.models")
local sidecar = require("chat_sidecar.sidecar")

local ANSWER_MS = 30000
local fake

H.before_all(function()
  H.require_jar(H.sidecar_jar)
  fake = H.start_fake_backend()
  local options = H.sidecar_options(fake)
  options.settings.openai = { baseUrl = fake.openaiBaseUrl }
  chat_sidecar.setup(options)
end)

--- Delivers a notification as if the sidecar had sent it.
local function from_sidecar(method, params)
  local process = H.truthy(sidecar.current(), "the sidecar runs")
  process.client:receive(framing.encode(vim.json.encode({ jsonrpc = "2.0", method = method, params = params })))
end

H.test("reasoning reports ({reasoning, delta = \"\"}) show as a folded block above the answer", function()
  chat_sidecar.new()
  vim.cmd("silent! only")
  H.truthy(chat_sidecar.ask("Think first [[chunks:12]] [[slow]]"))
  local token = conversation.current_token()
  H.wait_for(ANSWER_MS, function()
    return sidecar.current() ~= nil
  end, "the sidecar")
  from_sidecar("$/progress", { token = token, value = { kind = "report", seq = 0, delta = "",
    reasoning = "The user wants\nwords." } })
  H.truthy(chat_sidecar.wait(ANSWER_MS), "answered")
  local lines = chat.lines()
  local open = vim.fn.index(lines, "<details><summary>Reasoning</summary>") + 1
  H.truthy(open > 0, "a reasoning block")
  H.eq(vim.list_slice(lines, open, open + 5), { "<details><summary>Reasoning</summary>", "", "The user wants",
    "words.", "", "</details>" })
  H.contains(lines, "w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12", "the answer follows, untouched")
  local win = vim.fn.win_findbuf(chat.buffer())[1]
  H.eq(vim.api.nvim_win_call(win, function()
    return vim.fn.foldclosed(open + 2)
  end), open, "folded in the chat window")
  H.eq(conversation.turns()[1].reasoning, "The user wants\nwords.", "kept for history")
end)

H.test("the time an answer took, and the usage a backend reports, close the answer", function()
  chat_sidecar.new()
  local openai
  models.list(function(_, list)
    for _, model in ipairs(list or {}) do
      if model.provider == "openai" and not models.unavailable(model) then
        openai = openai or model.id
      end
    end
    openai = openai or false
  end)
  H.wait_for(ANSWER_MS, function()
    return openai ~= nil
  end, "the model list")
  H.truthy(openai, "the fake lists OpenAI models")
  local result
  H.truthy(chat_sidecar.ask("Count tokens", { model = openai, on_done = function(_, r)
    result = r
  end }))
  H.truthy(chat_sidecar.wait(ANSWER_MS), "answered")
  H.truthy(result and result.usage, "the result carries usage")
  local note = string.format("%d tokens (%d prompt, %d answer))_", result.usage.totalTokens,
    result.usage.promptTokens, result.usage.completionTokens)
  local found
  for _, line in ipairs(chat.lines()) do
    if line:match("^_%(%d+%.%d s · ") and line:sub(-#note) == note then
      found = line
    end
  end
  H.truthy(found, "a note with time and usage in:\n" .. table.concat(chat.lines(), "\n"))
end)

H.test("chat/modelsChanged makes the plugin fetch the list again", function()
  local requests = 0
  local process = sidecar.current()
  local original = process.request
  process.request = function(self, method, ...)
    if method == "chat/models" then
      requests = requests + 1
    end
    return original(self, method, ...)
  end
  from_sidecar("chat/modelsChanged", vim.empty_dict())
  H.wait_for(10000, function()
    return requests == 1
  end, "a chat/models request")
  process.request = original
  H.contains(models.names(), "auto", "the fresh list")
end)

H.test(":ChatSidecarModel! asks the sidecar to probe again (refresh = true)", function()
  local process = sidecar.current()
  local original, seen = process.request, {}
  process.request = function(self, method, params, ...)
    if method == "chat/models" then
      table.insert(seen, params.refresh == true)
    end
    return original(self, method, params, ...)
  end
  vim.cmd("ChatSidecarModel! auto")
  vim.cmd("ChatSidecarModel gpt-4o")
  H.wait_for(10000, function()
    return chat_sidecar.model() == "gpt-4o"
  end, "both picks")
  process.request = original
  H.eq(seen, { true, false })
end)

H.test("a pick whose model list arrives after a later pick's changes nothing", function()
  local process = sidecar.current()
  local original, late = process.request, nil
  process.request = function(self, method, params, callback)
    if method == "chat/models" and late == nil then
      late = {}
      return original(self, method, params, function(...)
        local args = { ... }
        late.deliver = function()
          callback(args[1], args[2])
        end
      end)
    end
    return original(self, method, params, callback)
  end
  vim.cmd("ChatSidecarModel! auto")
  vim.cmd("ChatSidecarModel gpt-4o")
  H.wait_for(10000, function()
    return chat_sidecar.model() == "gpt-4o" and late.deliver ~= nil
  end, "the later pick, and the earlier pick's list held back")
  process.request = original
  late.deliver()
  H.eq(chat_sidecar.model(), "gpt-4o")
end)

H.test("models with a status: unchecked ones are offered and marked, unavailable ones say why", function()
  conversation.set_model(nil) -- the default model is the one in use
  local offered
  local original = vim.ui.select
  vim.ui.select = function(items, opts, on_choice)
    offered = vim.tbl_map(opts.format_item, items)
    on_choice(nil)
  end
  local list = sidecar.current()
  H.truthy(list, "the sidecar runs")
  local real = list.request
  list.request = function(self, method, params, callback)
    if method ~= "chat/models" then
      return real(self, method, params, callback)
    end
    callback(nil, { defaultModel = "a", models = {
      { id = "a", label = "A", available = true, status = "ready", aliases = {} },
      { id = "b", label = "B", available = true, status = "unchecked", aliases = {} },
      { id = "c", label = "C", available = false, status = "unavailable", unavailableReason = "down", aliases = {} },
    } })
  end
  chat_sidecar.pick_model(nil)
  list.request = real
  vim.ui.select = original
  H.eq(offered, { "* A [a]", "  B [b] (not checked yet)", "  C [c] (unavailable: down)" })
end)

H.run()
