-- The help file: tags generate, :help chat-sidecar opens it, every command and API function has a tag.
local H = require("harness")

local doc_dir

H.before_all(function()
  -- tags go into a copy so the working tree stays clean
  local root = vim.fn.tempname()
  doc_dir = root .. "/doc"
  vim.fn.mkdir(doc_dir, "p")
  vim.fn.writefile(vim.fn.readfile(H.plugin_dir .. "/doc/chat-sidecar.txt"), doc_dir .. "/chat-sidecar.txt")
  vim.cmd("helptags " .. vim.fn.fnameescape(doc_dir))
  vim.opt.runtimepath:prepend(root)
end)

local function help_opens(tag)
  vim.cmd("silent! only")
  local ok, err = pcall(vim.cmd, "help " .. tag)
  H.truthy(ok, ":help " .. tag .. " works (" .. tostring(err) .. ")")
  H.eq(vim.fn.fnamemodify(vim.api.nvim_buf_get_name(0), ":t"), "chat-sidecar.txt", ":help " .. tag)
  vim.cmd("close")
end

H.test(":help chat-sidecar opens the help file at its tag", function()
  vim.cmd("help chat-sidecar")
  H.eq(vim.bo.filetype, "help")
  H.contains(vim.api.nvim_get_current_line(), "*chat-sidecar*")
  vim.cmd("close")
end)

H.test("every :ChatSidecar* command has a help tag", function()
  local commands = vim.tbl_keys(vim.api.nvim_get_commands({}))
  local ours = vim.tbl_filter(function(name)
    return name:match("^ChatSidecar")
  end, commands)
  table.sort(ours)
  H.eq(ours, { "ChatSidecar", "ChatSidecarAccept", "ChatSidecarAdd", "ChatSidecarApply", "ChatSidecarAsk",
    "ChatSidecarHistory", "ChatSidecarModel", "ChatSidecarNew", "ChatSidecarOpenBlock", "ChatSidecarReject",
    "ChatSidecarSave", "ChatSidecarStop", "ChatSidecarYank" })
  for _, name in ipairs(ours) do
    help_opens(":" .. name)
  end
end)

H.test("every public function of require('chat_sidecar') has a help tag", function()
  local names = vim.tbl_keys(require("chat_sidecar"))
  table.sort(names)
  H.truthy(#names >= 10, "the API is loaded")
  for _, name in ipairs(names) do
    help_opens("chat_sidecar." .. name .. "()")
  end
end)

H.test("every option has a help tag, window.* entries included", function()
  local defaults = require("chat_sidecar.config").defaults()
  defaults.jar, defaults.model, defaults.save_dir = true, true, true
  for name in pairs(defaults) do
    help_opens("chat-sidecar-" .. (name == "mappings" and "mappings-option" or name))
  end
  local text = table.concat(vim.fn.readfile(doc_dir .. "/chat-sidecar.txt"), "\n")
  for key in pairs(defaults.window) do
    H.contains(text, "\n    window." .. key .. " ", "option window." .. key)
  end
  for key, lhs in pairs(defaults.mappings) do
    H.contains(text, "\n    mappings." .. key .. " ", "mapping " .. key .. " in the options")
    H.contains(text, "\n    " .. lhs .. string.rep(" ", math.max(1, 12 - #lhs)), "key " .. lhs .. " in the mappings list")
  end
  help_opens("chat-sidecar-options")
  help_opens("chat-sidecar-errors")
end)

H.run()
