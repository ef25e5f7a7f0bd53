--- Options: defaults, validation with clear messages, and the values in force.
local M = {}

local LAYOUTS = { vsplit = true, split = true, float = true, tab = true, current = true }

--- The options used when setup() is not called, or does not name them.
function M.defaults()
  return {
    java = "java",
    java_args = vim.deepcopy(require("chat_sidecar.launch").FLAGS), -- docs/benchmarks.md's recipe
    cds = true,
    jar = nil,
    settings = {},
    env = {},
    model = nil,
    startup_timeout_ms = 20000,
    save_dir = nil,
    window = { layout = "vsplit", width = 0.4, height = 0.4, border = "rounded" },
    mappings = {
      close = "q", stop = "<C-c>", send = "<CR>", submit_insert = "<C-s>", yank = "gy", apply = "ga",
      open_block = "go", history = "gh", accept = "ga", reject = "gr",
    },
  }
end

local function fail(path, expected, value)
  local got = type(value) == "string" and string.format("%q", value) or vim.inspect(value)
  error(string.format("chat_sidecar.setup: option `%s` must be %s, got %s", path, expected, got), 0)
end

local function is_list_of_strings(value)
  if type(value) ~= "table" then
    return false
  end
  local count = 0
  for key, item in pairs(value) do
    if type(key) ~= "number" or type(item) ~= "string" then
      return false
    end
    count = count + 1
  end
  return count == #value
end

local function is_string_map(value)
  if type(value) ~= "table" then
    return false
  end
  for key, item in pairs(value) do
    if type(key) ~= "string" or (type(item) ~= "string" and type(item) ~= "number") then
      return false
    end
  end
  return true
end

local function is_settings_table(value)
  if type(value) ~= "table" then
    return false
  end
  for key in pairs(value) do
    if type(key) ~= "string" then
      return false
    end
  end
  return true
end

local function check_size(path, value)
  if type(value) ~= "number" or value <= 0 or (value > 1 and value ~= math.floor(value)) then
    fail(path, "a fraction of the editor (0 < n <= 1) or a whole number of cells", value)
  end
end

local function check_unknown(section, given, known)
  for key in pairs(given) do
    if known[key] == nil then
      local names = vim.tbl_keys(known)
      table.sort(names)
      local where = section and (section .. ".") or ""
      error(string.format("chat_sidecar.setup: unknown option `%s%s` (known: %s)", where, tostring(key),
        table.concat(names, ", ")), 0)
    end
  end
end

local function check_window(window)
  if type(window) ~= "table" then
    fail("window", "a table", window)
  end
  check_unknown("window", window, M.defaults().window)
  if window.layout ~= nil and not LAYOUTS[window.layout] then
    fail("window.layout", "one of \"vsplit\", \"split\", \"float\", \"tab\", \"current\"", window.layout)
  end
  if window.width ~= nil then
    check_size("window.width", window.width)
  end
  if window.height ~= nil then
    check_size("window.height", window.height)
  end
  if window.border ~= nil and type(window.border) ~= "string" and type(window.border) ~= "table" then
    fail("window.border", "a border name or a list of border characters (see :h nvim_open_win)", window.border)
  end
end

local function check_mappings(mappings)
  if type(mappings) ~= "table" then
    fail("mappings", "a table", mappings)
  end
  check_unknown("mappings", mappings, M.defaults().mappings)
  for name, lhs in pairs(mappings) do
    if lhs ~= false and (type(lhs) ~= "string" or lhs == "") then
      fail("mappings." .. name, "a key sequence or false (no mapping)", lhs)
    end
  end
end

--- Checks user options; raises an error naming the first bad option.
function M.validate(opts)
  if opts == nil then
    return
  end
  if type(opts) ~= "table" then
    fail("opts", "a table", opts)
  end
  local known = M.defaults()
  known.jar, known.model, known.save_dir = false, false, false
  check_unknown(nil, opts, known)
  if opts.java ~= nil and (type(opts.java) ~= "string" or opts.java == "") then
    fail("java", "the java executable (a non-empty string)", opts.java)
  end
  if opts.java_args ~= nil and not is_list_of_strings(opts.java_args) then
    fail("java_args", "a list of strings", opts.java_args)
  end
  if opts.cds ~= nil and type(opts.cds) ~= "boolean" then
    fail("cds", "true or false (keep an AppCDS archive for a quicker start)", opts.cds)
  end
  if opts.jar ~= nil and (type(opts.jar) ~= "string" or opts.jar == "") then
    fail("jar", "the path of chat-sidecar.jar (a non-empty string)", opts.jar)
  end
  if opts.settings ~= nil and not is_settings_table(opts.settings) then
    fail("settings", "a table of sidecar settings such as { chatgpt = { baseUrl = ... } }", opts.settings)
  end
  if opts.env ~= nil and not is_string_map(opts.env) then
    fail("env", "a table of environment variables (name = string)", opts.env)
  end
  if opts.model ~= nil and (type(opts.model) ~= "string" or opts.model == "") then
    fail("model", "a model id or alias from :ChatSidecarModel (a non-empty string)", opts.model)
  end
  if opts.startup_timeout_ms ~= nil
      and (type(opts.startup_timeout_ms) ~= "number" or opts.startup_timeout_ms <= 0) then
    fail("startup_timeout_ms", "a positive number of milliseconds", opts.startup_timeout_ms)
  end
  if opts.save_dir ~= nil and (type(opts.save_dir) ~= "string" or opts.save_dir == "") then
    fail("save_dir", "a directory path (a non-empty string)", opts.save_dir)
  end
  if opts.window ~= nil then
    check_window(opts.window)
  end
  if opts.mappings ~= nil then
    check_mappings(opts.mappings)
  end
end

local current = M.defaults()

--- Validates opts and makes them (over the defaults) the options in force.
function M.setup(opts)
  M.validate(opts)
  current = vim.tbl_deep_extend("force", M.defaults(), opts or {})
  if opts and opts.java_args then
    current.java_args = vim.deepcopy(opts.java_args) -- a list replaces the default, never merges into it
  end
  if opts and opts.settings then
    current.settings = vim.deepcopy(opts.settings)
  end
  return current
end

--- The options in force.
function M.get()
  return current
end

--- The directory of this plugin (clients/neovim in the repository).
local function plugin_root()
  local source = debug.getinfo(1, "S").source:sub(2)
  return vim.fn.fnamemodify(source, ":p:h:h:h")
end

--- The jar to launch: the `jar` option, else the one built in the repository this plugin lives in.
function M.jar_path()
  if current.jar then
    return vim.fn.expand(current.jar)
  end
  return vim.fn.simplify(plugin_root() .. "/../../server/target/chat-sidecar.jar")
end

--- Where :ChatSidecarSave writes when given no file name.
function M.save_dir()
  return current.save_dir and vim.fn.expand(current.save_dir) or (vim.fn.stdpath("data") .. "/chat-sidecar")
end

return M
