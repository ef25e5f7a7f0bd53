-- The sidecar driven by Neovim's own JSON-RPC client (vim.lsp.rpc), as a user who skips this plugin
-- and writes a few lines of Lua would drive it: the real jar against the fake chatgpt.com.
-- Neovim 0.7 encodes an empty Lua table as [], so params {} arrive as [] (docs/protocol.md,
-- "Neovim's LSP client").
local H = require("harness")

local fake
local client
local exit_code
local notifications = {}

--- Sends a request through vim.lsp.rpc and waits for its answer: returns err, result.
local function request(method, params)
  local done, err, result = false, nil, nil
  local sent = client.request(method, params, function(e, r)
    done, err, result = true, e, r
  end)
  H.truthy(sent, method .. " was sent")
  H.wait_for(30000, function()
    return done
  end, "the answer to " .. method)
  return err, result
end

H.before_all(function()
  H.require_jar(H.sidecar_jar)
  fake = H.start_fake_backend()
  client = vim.lsp.rpc.start("java", { "-XX:TieredStopAtLevel=1", "-jar", H.sidecar_jar, "--stdio" }, {
    notification = function(method, params)
      table.insert(notifications, { method = method, params = params })
    end,
    on_exit = function(code)
      exit_code = code
    end,
  }, { env = { CHAT_SIDECAR_CHATGPT_BASE_URL = fake.baseUrl } })
  H.cleanup(function()
    if exit_code == nil then
      vim.loop.kill(client.pid, 15)
    end
  end)
end)

H.test("initialize with empty params ([] on the wire) answers with the server's name", function()
  local err, result = request("initialize", {})
  H.eq(err, nil, "initialize error")
  H.eq(result.serverInfo.name, "chat-sidecar", "serverInfo.name")
  client.notify("initialized", {})
end)

H.test("chat/models with empty params lists the fake's models", function()
  local err, result = request("chat/models", {})
  H.eq(err, nil, "chat/models error")
  H.truthy(#result.models > 0, "some models are listed")
  H.eq(result.defaultModel, "auto", "defaultModel")
end)

H.test("a streamed chat/complete: the $/progress reports add up to the result's text", function()
  notifications = {}
  local err, result = request("chat/complete", {
    messages = { { role = "user", content = "Say hello" } },
    workDoneToken = "nvim-lsp-1",
  })
  H.eq(err, nil, "chat/complete error")
  H.truthy(result.text ~= "", "the answer has text")
  local kinds, streamed = {}, {}
  for _, n in ipairs(notifications) do
    if n.method == "$/progress" and n.params.token == "nvim-lsp-1" then
      table.insert(kinds, n.params.value.kind)
      if n.params.value.kind == "report" then
        table.insert(streamed, n.params.value.delta)
      end
    end
  end
  H.eq(kinds[1], "begin", "the stream begins with begin")
  H.eq(kinds[#kinds], "end", "and ends with end")
  H.truthy(#streamed > 0, "text was streamed")
  H.eq(table.concat(streamed), result.text, "the streamed text")
end)

H.test("an unknown backend's model is refused with invalid_request naming it", function()
  local err = request("chat/complete", {
    messages = { { role = "user", content = "hi" } },
    model = "nowhere/model",
  })
  H.truthy(err, "an error")
  H.eq(err.code, -32602, "the code")
  H.eq(err.data.type, "invalid_request", "data.type")
  H.contains(err.data.message, "nowhere/model", "the message names the model")
end)

H.test("shutdown and exit end the process with code 0", function()
  local err = request("shutdown", {})
  H.eq(err, nil, "shutdown error")
  client.notify("exit", {})
  H.wait_for(10000, function()
    return exit_code ~= nil
  end, "the sidecar to exit")
  H.eq(exit_code, 0, "the exit code")
end)

H.run()
