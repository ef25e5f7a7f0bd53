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

--- The context a command's range names: the exact characters of a character-wise visual
--- selection when the range is that selection, else the lines.
local function range_context(cmd)
  local context = require("chat_sidecar.context")
  local buf = vim.api.nvim_get_current_buf()
  if cmd.range == 2 and vim.fn.visualmode() == "v" and cmd.line1 == vim.fn.line("'<")
      and cmd.line2 == vim.fn.line("'>") then
    return context.from_selection(buf)
  end
  return context.from_lines(buf, cmd.line1, cmd.line2)
end

command("ChatSidecarAsk", function(cmd)
  local attachments = cmd.range > 0 and { range_context(cmd) } or nil
  local function send(prompt)
    if not prompt or vim.trim(prompt) == "" then
      return
    end
    local ok, reason = api().ask(prompt, { attachments = attachments })
    if not ok and reason then
      warn(reason)
    end
  end
  if cmd.args ~= "" then
    send(cmd.args)
  else
    vim.ui.input({ prompt = "Ask: " }, send)
  end
end, { nargs = "*", range = true, desc = "Ask a question (with a range or selection: about that code)" })

command("ChatSidecarAdd", function(cmd)
  local item, why
  if cmd.args ~= "" then
    item, why = api().attach("file", cmd.args)
  elseif cmd.range > 0 then
    item = range_context(cmd)
    require("chat_sidecar.conversation").attach(item)
  else
    item, why = api().attach("buffer")
  end
  if item then
    vim.notify("chat-sidecar: attached " .. item.label .. " to the next question")
  else
    warn(why or "nothing to attach")
  end
end, { nargs = "?", range = true, complete = "file",
  desc = "Attach the selection, the lines, a file or the buffer to the next question" })

command("ChatSidecarYank", function(cmd)
  api().yank(cmd.args)
end, { nargs = "?", desc = "Yank the code block under the cursor (or the last one)" })

command("ChatSidecarApply", function()
  api().apply()
end, { desc = "Apply the code block under the cursor (or the last one) through a diff" })

command("ChatSidecarAccept", function()
  api().accept()
end, { desc = "Accept the change shown by :ChatSidecarApply" })

command("ChatSidecarReject", function()
  api().reject()
end, { desc = "Reject the change shown by :ChatSidecarApply" })

command("ChatSidecarOpenBlock", function()
  api().open_block()
end, { desc = "Open the code block under the cursor (or the last one) in a new buffer" })

command("ChatSidecarHistory", function()
  api().history()
end, { desc = "Reopen a past chat" })

command("ChatSidecarStop", function()
  if not api().stop() then
    warn("no answer is streaming")
  end
end, { desc = "Stop the streaming answer" })

command("ChatSidecarModel", function(cmd)
  api().pick_model(cmd.args ~= "" and cmd.args or nil, nil, { refresh = cmd.bang })
end, {
  nargs = "?",
  bang = true,
  desc = "Pick the chat model",
  complete = function(lead)
    return vim.tbl_filter(function(name)
      return name:sub(1, #lead) == lead
    end, require("chat_sidecar.models").names())
  end,
})

command("ChatSidecarNew", function()
  api().new()
end, { desc = "Start a new conversation (the old one stays in history)" })

command("ChatSidecarSave", function(cmd)
  local ok, result = pcall(api().save, cmd.args ~= "" and cmd.args or nil)
  if ok then
    vim.notify("chat-sidecar: saved " .. result)
  else
    vim.notify(tostring(result), vim.log.levels.ERROR)
  end
end, { nargs = "?", complete = "file", desc = "Save the conversation as Markdown" })
