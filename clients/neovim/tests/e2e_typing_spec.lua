-- Streaming never blocks the editor: a child Neovim (driven over RPC like a UI) takes keystrokes
-- while an answer streams into its chat buffer.
local H = require("harness")

local fake, child

H.before_all(function()
  H.require_jar(H.sidecar_jar)
  fake = H.start_fake_backend()
  child = vim.fn.jobstart({ vim.v.progpath, "--embed", "--headless", "-u", "NONE", "-i", "NONE", "-n" }, { rpc = true })
  H.truthy(child > 0, "the child Neovim starts")
  H.cleanup(function()
    pcall(vim.rpcnotify, child, "nvim_command", "qall!")
    vim.fn.jobwait({ child }, 5000)
  end)
end)

--- Runs Lua in the child and returns its result.
local function in_child(code, ...)
  return vim.rpcrequest(child, "nvim_exec_lua", code, { ... })
end

H.test("keys typed while an answer streams are handled at once, and the stream goes on", function()
  in_child([[
    local dir, options = ...
    vim.opt.runtimepath:prepend(dir)
    vim.cmd("runtime plugin/chat_sidecar.lua")
    require("chat_sidecar").setup(options)
  ]], H.plugin_dir, H.sidecar_options(fake))
  H.eq(in_child([=[return require("chat_sidecar").ask("Keep talking [[slow]]")]=]), true)
  H.wait_for(30000, function()
    return (in_child([[return require("chat_sidecar").last_answer() or ""]])) ~= ""
  end, "the first streamed text")
  local before = in_child([[return require("chat_sidecar").last_answer()]])
  vim.rpcrequest(child, "nvim_input", "ihello from the keyboard<Esc>")
  H.wait_for(2000, function()
    return in_child([[return vim.api.nvim_get_current_line()]]) == "hello from the keyboard"
  end, "the typed text in the user's buffer")
  H.eq(in_child([[return require("chat_sidecar.conversation").busy()]]), true, "the answer is still streaming")
  H.eq(in_child([[return vim.bo.filetype]]), "", "the keys went to the user's buffer, not the chat")
  H.wait_for(10000, function()
    return #in_child([[return require("chat_sidecar").last_answer()]]) > #before
  end, "more text after the typing")
  local chat_text = in_child([[return table.concat(require("chat_sidecar.chat").lines(), "\n")]])
  H.contains(chat_text, in_child([[return require("chat_sidecar").last_answer()]]), "the chat buffer shows the stream")
  in_child([[require("chat_sidecar").stop()]])
  H.eq(in_child([[return require("chat_sidecar").wait(5000)]]), true)
end)

H.run()
