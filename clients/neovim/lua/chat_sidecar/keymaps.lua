--- The chat buffer's mappings (all configurable with `mappings`, see :help chat-sidecar-mappings).
local M = {}

local function api()
  return require("chat_sidecar")
end

--- Feeds `lhs` as if unmapped, for keys that only act specially in part of the buffer.
local function fallback(lhs)
  vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes(lhs, true, false, true), "n", false)
end

--- Sets the mappings of `mappings` (name = lhs or false) in the chat buffer `bufnr`.
function M.set(bufnr, mappings)
  local function map(mode, lhs, rhs, desc)
    if lhs then
      vim.keymap.set(mode, lhs, rhs, { buffer = bufnr, silent = true, desc = desc })
    end
  end
  map("n", mappings.close, function()
    require("chat_sidecar.chat").close()
  end, "Close the chat window")
  map("n", mappings.stop, function()
    api().stop()
  end, "Stop the answer")
  map("n", mappings.send, function()
    if require("chat_sidecar.chat").in_prompt() then
      api().send()
    else
      fallback(mappings.send)
    end
  end, "Send the prompt (in the prompt area under the last \"## You\")")
  map("i", mappings.submit_insert, function()
    api().send()
  end, "Send the prompt from Insert mode")
  map("n", mappings.yank, function()
    require("chat_sidecar.codeblock").yank()
  end, "Yank the code block under the cursor")
  map("n", mappings.apply, function()
    require("chat_sidecar.apply").start()
  end, "Apply the code block under the cursor through a diff")
  map("n", mappings.open_block, function()
    require("chat_sidecar.codeblock").open()
  end, "Open the code block under the cursor in a new buffer")
  map("n", mappings.history, function()
    api().history()
  end, "Pick a past chat")
end

--- Sets accept and reject in a diff proposal buffer.
function M.set_proposal(bufnr, mappings, accept, reject)
  if mappings.accept then
    vim.keymap.set("n", mappings.accept, accept, { buffer = bufnr, silent = true, desc = "Accept the change" })
  end
  if mappings.reject then
    vim.keymap.set("n", mappings.reject, reject, { buffer = bufnr, silent = true, desc = "Reject the change" })
  end
end

return M
