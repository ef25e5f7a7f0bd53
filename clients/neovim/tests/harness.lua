-- A minimal test harness: register tests, run them in order in this (fresh) Neovim, print one line
-- per test and a "RESULT <passed> <failed>" line for run.sh, then quit with a non-zero code on failure.
local H = {}

local tests, cleanups, before_all = {}, {}, nil

--- The plugin directory (clients/neovim) and the repository root.
H.plugin_dir = vim.fn.fnamemodify(debug.getinfo(1, "S").source:sub(2), ":p:h:h")
H.repo_root = vim.fn.simplify(H.plugin_dir .. "/../..")
H.sidecar_jar = H.repo_root .. "/server/target/chat-sidecar.jar"
H.fake_jar = H.repo_root .. "/fake-backend/target/fake-backend.jar"
H.out_dir = H.plugin_dir .. "/tests/out"

function H.test(name, fn)
  table.insert(tests, { name = name, fn = fn })
end

--- Runs once before the tests; when it fails, every test of the file fails with its message.
function H.before_all(fn)
  before_all = fn
end

--- Registers an action for the end of the file (stop helper processes).
function H.cleanup(fn)
  table.insert(cleanups, fn)
end

local function show(value)
  local text = type(value) == "string" and string.format("%q", value) or vim.inspect(value)
  if #text > 600 then
    text = text:sub(1, 600) .. "... (" .. #text .. " characters)"
  end
  return text
end

function H.eq(actual, expected, what)
  if not vim.deep_equal(actual, expected) then
    error(string.format("%sexpected %s\n     got %s", what and (what .. ": ") or "", show(expected), show(actual)), 2)
  end
end

function H.truthy(value, what)
  if not value then
    error((what or "expected a true value") .. ", got " .. show(value), 2)
  end
  return value
end

function H.contains(haystack, needle, what)
  if type(haystack) == "table" then
    if not vim.tbl_contains(haystack, needle) then
      error(string.format("%s%s not among\n%s", what and (what .. ": ") or "", show(needle), show(haystack)), 2)
    end
  elseif type(haystack) ~= "string" or not haystack:find(needle, 1, true) then
    error(string.format("%s%s not in %s", what and (what .. ": ") or "", show(needle), show(haystack)), 2)
  end
end

--- Runs fn, which must raise an error containing `fragment`.
function H.raises(fn, fragment)
  local ok, err = pcall(fn)
  if ok then
    error("expected an error containing " .. show(fragment), 2)
  end
  if not tostring(err):find(fragment, 1, true) then
    error(string.format("error %s does not contain %s", show(tostring(err)), show(fragment)), 2)
  end
  return tostring(err)
end

--- vim.wait that fails the test with `what` on timeout.
function H.wait_for(timeout_ms, condition, what)
  if not vim.wait(timeout_ms, condition, 10) then
    error("timed out after " .. timeout_ms .. " ms waiting for " .. what, 2)
  end
end

--- Fails (never skips) when a jar the end-to-end tests need was not built.
function H.require_jar(path)
  if vim.fn.filereadable(path) ~= 1 then
    error("missing " .. path .. ": build the jars first (mvn -B -q package -DskipTests at the repository root)", 0)
  end
end

--- Starts the project's fake chatgpt.com; returns its {port, baseUrl, openaiBaseUrl}.
--- It stops when its stdin closes (at the end of the file, or when this Neovim exits).
function H.start_fake_backend()
  H.require_jar(H.fake_jar)
  local output, stderr, exited = "", "", nil
  local job = vim.fn.jobstart({ "java", "-XX:TieredStopAtLevel=1", "-jar", H.fake_jar, "--port", "0" }, {
    on_stdout = function(_, data)
      output = output .. table.concat(data, "\n")
    end,
    on_stderr = function(_, data)
      stderr = stderr .. table.concat(data, "\n")
    end,
    on_exit = function(_, code)
      exited = code
    end,
  })
  H.truthy(job > 0, "the fake backend starts")
  H.cleanup(function()
    pcall(vim.fn.chanclose, job, "stdin")
    vim.fn.jobwait({ job }, 5000)
  end)
  H.wait_for(30000, function()
    return output:find("\n", 1, true) ~= nil or exited ~= nil
  end, "the fake backend's first line")
  if exited then
    error("the fake backend exited with code " .. exited .. ": " .. stderr, 0)
  end
  return vim.json.decode(output:match("^[^\n]*"))
end

--- True while a process with this pid exists and is not a zombie (Linux /proc).
function H.process_alive(pid)
  local stat = io.open("/proc/" .. pid .. "/stat", "r")
  if not stat then
    return false
  end
  local text = stat:read("*a") or ""
  stat:close()
  local state = text:match("^%d+ %b() (%a)")
  return state ~= nil and state ~= "Z" and state ~= "X"
end

--- The setup() options that point the plugin at the real jar and the given fake backend.
function H.sidecar_options(fake)
  return { jar = H.sidecar_jar, settings = { chatgpt = { baseUrl = fake.baseUrl } } }
end

--- Writes lines to tests/out/<name> (kept for reports; ignored by git).
function H.capture(name, lines)
  vim.fn.mkdir(H.out_dir, "p")
  vim.fn.writefile(lines, H.out_dir .. "/" .. name)
end

local function say(text)
  io.stdout:write(text .. "\n")
  io.stdout:flush()
end

--- Runs the registered tests and quits Neovim (exit code 1 when any failed).
function H.run()
  local passed, failed = 0, 0
  local setup_error = nil
  if before_all then
    local ok, err = xpcall(before_all, debug.traceback)
    if not ok then
      setup_error = err
      say("  FAIL  before_all\n        " .. tostring(err):gsub("\n", "\n        "))
    end
  end
  for _, t in ipairs(tests) do
    local ok, err
    if setup_error then
      ok, err = false, "before_all failed (see above)"
    else
      ok, err = xpcall(t.fn, debug.traceback)
    end
    if ok then
      passed = passed + 1
      say("  ok    " .. t.name)
    else
      failed = failed + 1
      say("  FAIL  " .. t.name .. "\n        " .. tostring(err):gsub("\n", "\n        "))
    end
  end
  for i = #cleanups, 1, -1 do
    pcall(cleanups[i])
  end
  say(string.format("RESULT %d %d", passed, failed))
  vim.cmd(failed == 0 and "qall!" or "cquit 1")
end

--- Every vim.notify() message of this file, in order (kept out of the test output).
H.notices = {}
vim.notify = function(message)
  table.insert(H.notices, message)
end

-- The plugin as a user has it: on the runtimepath, with its commands defined.
if not vim.tbl_contains(vim.api.nvim_list_runtime_paths(), H.plugin_dir) then
  vim.opt.runtimepath:prepend(H.plugin_dir)
end
vim.cmd("runtime plugin/chat_sidecar.lua")

return H
