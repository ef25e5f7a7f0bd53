-- A child Neovim driven over RPC like a UI (nvim --embed --headless), with the plugin loaded, and
-- a child Neovim with its real terminal UI in a pseudo-terminal (to see what a user would see).
local H = require("harness")

local C = {}

local Child = {}
Child.__index = Child

--- Runs Lua in the child and returns its result.
function Child:lua(code, ...)
  return vim.rpcrequest(self.job, "nvim_exec_lua", code, { ... })
end

--- Types keys into the child as a user would (returns at once).
function Child:input(keys)
  vim.rpcrequest(self.job, "nvim_input", keys)
end

--- Waits until the Lua expression `code` is true in the child.
function Child:wait_for(timeout_ms, code, what)
  H.wait_for(timeout_ms, function()
    return self:lua("return " .. code) == true
  end, what)
end

--- Starts a child with the plugin on its runtimepath and `options` given to setup().
--- env: extra environment variables (e.g. XDG_DATA_HOME for its history).
function C.start(options, env)
  local job = vim.fn.jobstart({ vim.v.progpath, "--embed", "--headless", "-u", "NONE", "-i", "NONE", "-n" },
    { rpc = true, env = env })
  H.truthy(job > 0, "the child Neovim starts")
  local child = setmetatable({ job = job }, Child)
  H.cleanup(function()
    child:stop()
  end)
  child:lua([[
    local dir, options = ...
    vim.opt.runtimepath:prepend(dir)
    vim.cmd("runtime plugin/chat_sidecar.lua")
    _G.notices = {}
    vim.notify = function(message) table.insert(_G.notices, message) end
    require("chat_sidecar").setup(options)
  ]], H.plugin_dir, options or vim.empty_dict())
  return child
end

--- Quits the child (its sidecar stops with it) and waits for it.
function Child:stop()
  if self.job then
    pcall(vim.rpcnotify, self.job, "nvim_command", "qall!")
    vim.fn.jobwait({ self.job }, 10000)
    self.job = nil
  end
end

local Screen = {}
Screen.__index = Screen

--- Starts `nvim` with its terminal UI in a pseudo-terminal; `setup_lua` runs at startup.
function C.start_tui(setup_lua)
  local script = vim.fn.tempname() .. ".lua"
  local lines = { "vim.cmd('runtime plugin/chat_sidecar.lua')" }
  vim.list_extend(lines, vim.split(setup_lua, "\n", { plain = true }))
  vim.fn.writefile(lines, script)
  local screen = setmetatable({ output = "" }, Screen)
  screen.job = vim.fn.jobstart({ vim.v.progpath, "-u", "NONE", "-i", "NONE", "-n",
    "--cmd", "set rtp^=" .. H.plugin_dir, "-c", "luafile " .. script }, {
    pty = true, width = 100, height = 30,
    on_stdout = function(_, data)
      screen.output = screen.output .. table.concat(data, "\n")
    end,
  })
  H.truthy(screen.job > 0, "the terminal Neovim starts")
  H.cleanup(function()
    screen:stop()
  end)
  return screen
end

--- Sends keys to the terminal Neovim.
function Screen:send(keys)
  vim.fn.chansend(self.job, keys)
end

--- Forgets what was drawn so far (to look only at what comes next).
function Screen:clear()
  self.output = ""
end

--- What was drawn since the last clear(), without terminal control sequences (a cursor move
--- right stands for the blanks it skips).
function Screen:text()
  local text = self.output:gsub("\27%[(%d*)C", function(n)
    return string.rep(" ", tonumber(n) or 1)
  end)
  return (text:gsub("\27%[[%d;?]*[%a@]", ""):gsub("\27%][^\a]*\a", ""))
end

function Screen:wait_for_text(timeout_ms, text)
  H.wait_for(timeout_ms, function()
    return self:text():find(text, 1, true) ~= nil
  end, "\"" .. text .. "\" on the screen")
end

function Screen:stop()
  if self.job then
    vim.fn.jobstop(self.job)
    vim.fn.jobwait({ self.job }, 5000)
    self.job = nil
  end
end

return C
