-- chat-sidecar: user commands only; everything else loads on first use.
if vim.g.loaded_chat_sidecar then
  return
end
vim.g.loaded_chat_sidecar = true

if vim.fn.has("nvim-0.7") ~= 1 then
  vim.api.nvim_err_writeln("chat-sidecar needs Neovim 0.7 or newer")
  return
end

local function api()
  return require("chat_sidecar")
end

local function warn(message)
  vim.notify("chat-sidecar: " .. message, vim.log.levels.WARN)
end

local command = vim.api.nvim_create_user_command

command("ChatSidecar", function()
  api().open()
end, { desc = "Open or focus the chat window" })

command("ChatSidecarAsk", function(cmd)
  local context = nil
  if cmd.range > 0 then
    context = {
      lines = vim.api.nvim_buf_get_lines(0, cmd.line1 - 1, cmd.line2, false),
      filetype = vim.bo.filetype,
    }
  end
  local function send(prompt)
    if not prompt or vim.trim(prompt) == "" then
      return
    end
    local ok, reason = api().ask(prompt, { context = context })
    if not ok and reason then
      warn(reason)
    end
  end
  if cmd.args ~= "" then
    send(cmd.args)
  else
    vim.ui.input({ prompt = "Ask: " }, send)
  end
end, { nargs = "*", range = true, desc = "Ask a question (with a range: about those lines)" })

command("ChatSidecarStop", function()
  if not api().stop() then
    warn("no answer is streaming")
  end
end, { desc = "Stop the streaming answer" })

command("ChatSidecarModel", function(cmd)
  api().pick_model(cmd.args ~= "" and cmd.args or nil)
end, {
  nargs = "?",
  desc = "Pick the chat model",
  complete = function(lead)
    return vim.tbl_filter(function(name)
      return name:sub(1, #lead) == lead
    end, require("chat_sidecar.models").cached_names())
  end,
})

command("ChatSidecarNew", function()
  api().new()
end, { desc = "Start a new conversation" })

command("ChatSidecarSave", function(cmd)
  local ok, result = pcall(api().save, cmd.args ~= "" and cmd.args or nil)
  if ok then
    vim.notify("chat-sidecar: saved " .. result)
  else
    vim.notify(tostring(result), vim.log.levels.ERROR)
  end
end, { nargs = "?", complete = "file", desc = "Save the conversation as Markdown" })
