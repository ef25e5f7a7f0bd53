-- The AppCDS archive with the real jar, each session a child Neovim that asks, gets its answer and
-- runs :qa: the first session writes the archive as the sidecar exits, the second maps it, and a
-- damaged or foreign archive still gives a working session (and is replaced).
local H = require("harness")
local launch = require("chat_sidecar.launch")
local process = require("chat_sidecar.process")

local uv = vim.uv or vim.loop
local fake

H.before_all(function()
  H.require_jar(H.sidecar_jar)
  fake = H.start_fake_backend()
end)

local timings = {}

--- A cache home of its own (XDG_CACHE_HOME for the child) and where the archive for the jar goes.
local function new_cache()
  local home = vim.fn.tempname()
  local dir = home .. "/nvim/chat-sidecar"
  return home, dir, launch.archive_path(dir, process.CLIENT_VERSION, H.sidecar_jar)
end

--- Runs a child Neovim with XDG_CACHE_HOME = `home` (and the jar `jar`, default the repository's)
--- that asks `prompt`, reads what the running sidecar maps and was launched with from /proc, then
--- quits with :qa. Returns what it saw: answer, pid, cmdline (list), maps (text), ready_ms,
--- retried, log (stderr tail), exit_code and quit_ms (seen in VimLeave), nvim_pid (the child's).
local function session(home, prompt, jar)
  local dir = vim.fn.tempname() -- also the child's cwd: a JVM crash report lands there
  vim.fn.mkdir(dir, "p")
  local script, out = dir .. "/child.lua", dir .. "/result.json"
  local options = H.sidecar_options(fake)
  options.jar = jar or options.jar
  vim.fn.writefile({
    "local ok, err = xpcall(function()",
    "local uv = vim.uv or vim.loop",
    "vim.opt.runtimepath:prepend(" .. vim.inspect(H.plugin_dir) .. ")",
    "vim.cmd('runtime plugin/chat_sidecar.lua')",
    "local cs = require('chat_sidecar')",
    "local sidecar = require('chat_sidecar.sidecar')",
    "cs.setup(" .. vim.inspect(options, { newline = " ", indent = "" }) .. ")",
    "local started = uv.hrtime()",
    "assert(cs.ask(" .. vim.inspect(prompt) .. "))",
    "assert(vim.wait(30000, function() local p = sidecar.current() return p and p.ready end, 2), 'handshake')",
    "local r = { ready_ms = (uv.hrtime() - started) / 1e6, nvim_pid = vim.fn.getpid() }",
    "assert(cs.wait(30000), 'answer')",
    "local p = sidecar.current()",
    "r.answer, r.pid, r.retried, r.log = cs.last_answer(), p.pid, p.retried == true, p:log_tail()",
    "local f = assert(io.open('/proc/' .. p.pid .. '/cmdline', 'rb')); local raw = f:read('*a'); f:close()",
    "r.cmdline = vim.split(raw:gsub('%z$', ''), '\\0', { plain = true })",
    "f = assert(io.open('/proc/' .. p.pid .. '/maps', 'rb')); r.maps = f:read('*a'); f:close()",
    "vim.api.nvim_create_autocmd('VimLeave', { callback = function()",
    "  r.exit_code, r.quit_ms = p.exit_code, (uv.hrtime() - r.quit_started) / 1e6",
    "  vim.fn.writefile({ vim.json.encode(r) }, " .. vim.inspect(out) .. ")",
    "end })",
    "r.quit_started = uv.hrtime()",
    "vim.cmd('qa')",
    "end, debug.traceback)",
    "io.stderr:write(tostring(err)); vim.cmd('cquit 2')", -- reached only when something failed
  }, script)
  local exited, output = nil, ""
  local job = vim.fn.jobstart({ vim.v.progpath, "--headless", "-u", "NONE", "-i", "NONE", "-n",
    "-c", "luafile " .. vim.fn.fnameescape(script), "-c", "cquit 3" }, {
    cwd = dir,
    env = { XDG_CACHE_HOME = home },
    on_stdout = function(_, data) output = output .. table.concat(data, "\n") end,
    on_stderr = function(_, data) output = output .. table.concat(data, "\n") end,
    on_exit = function(_, code) exited = code end,
  })
  H.truthy(job > 0, "the child Neovim starts")
  H.wait_for(90000, function()
    return exited ~= nil
  end, "the child Neovim to quit")
  H.eq(exited, 0, "the child Neovim's exit code (output: " .. output .. ")")
  local result = vim.json.decode(table.concat(vim.fn.readfile(out), "\n"))
  H.eq(H.process_alive(result.pid), false, "the sidecar is gone after :qa")
  return result
end

local function has_arg(result, arg)
  return vim.tbl_contains(result.cmdline, arg)
end

local function dir_entries(dir)
  local names = vim.fn.readdir(dir)
  table.sort(names)
  return names
end

local function record(name, result)
  table.insert(timings, string.format("%s: spawn -> initialize answered %.0f ms; :qa -> sidecar gone %.0f ms",
    name, result.ready_ms, result.quit_ms))
  H.capture("cds-startup.txt", timings)
end

local function file_size(path)
  local st = uv.fs_stat(path)
  return st and st.size
end

local good -- a copy of an archive the first test made, for the tests that spoil one

H.test("the first session writes the archive when it quits; the second maps it and answers", function()
  local home, dir, archive = new_cache()
  local first = session(home, "Hello")
  H.eq(first.answer:match("^You said: Hello"), "You said: Hello")
  H.eq(vim.list_slice(first.cmdline, 2, #launch.FLAGS + 1), launch.FLAGS, "the recipe's flags, in order")
  H.eq(vim.list_slice(first.cmdline, #launch.FLAGS + 2), { "-XX:ArchiveClassesAtExit=" .. archive .. "."
    .. first.nvim_pid .. ".tmp", "-jar", H.sidecar_jar, "--stdio" })
  H.eq(first.exit_code, 0, "shutdown + exit, so the JVM wrote the archive")
  H.eq(dir_entries(dir), { vim.fn.fnamemodify(archive, ":t") }, "the archive, renamed into place")
  local size = file_size(archive)
  H.truthy(size > 1000000, "an archive of the sidecar's classes (" .. tostring(size) .. " bytes)")
  record("first session, no archive (writes it)", first)

  local second = session(home, "Again")
  H.eq(second.answer:match("^You said: Again"), "You said: Again")
  H.truthy(has_arg(second, "-XX:SharedArchiveFile=" .. archive), "the archive is given to the JVM")
  H.truthy(not vim.inspect(second.cmdline):find("ArchiveClassesAtExit", 1, true), "no new archive is made")
  H.contains(second.maps, archive, "the JVM mapped the archive")
  H.truthy(not table.concat(second.log, "\n"):find("[cds", 1, true), "no CDS warning: " .. vim.inspect(second.log))
  H.eq(dir_entries(dir), { vim.fn.fnamemodify(archive, ":t") })
  H.eq(file_size(archive), size, "the archive is kept as it was")
  record("second session, archive mapped", second)
  good = vim.fn.tempname() .. ".jsa"
  H.truthy(uv.fs_copyfile(archive, good), "keep a copy of the archive")
end)

--- A cache with `bytes` at the archive's place; returns home, dir, archive.
local function cache_with(bytes)
  local home, dir, archive = new_cache()
  vim.fn.mkdir(dir, "p")
  local f = assert(io.open(archive, "wb"))
  f:write(bytes)
  f:close()
  return home, dir, archive
end

local function good_bytes()
  H.truthy(good, "the first test made an archive")
  local f = assert(io.open(good, "rb"))
  local bytes = f:read("*a")
  f:close()
  return bytes
end

H.test("an archive cut short (the JVM dies mapping it): the session still answers, a new archive replaces it", function()
  local home, dir, archive = cache_with(good_bytes():sub(1, 100000))
  local result = session(home, "Still there?")
  H.eq(result.answer:match("^You said: Still there%?"), "You said: Still there?")
  H.eq(result.retried, true, "the first JVM died, the plugin started another without the archive")
  H.truthy(has_arg(result, "-XX:ArchiveClassesAtExit=" .. archive .. "." .. result.nvim_pid .. ".tmp"),
    "the second JVM makes a new archive")
  H.eq(dir_entries(dir), { vim.fn.fnamemodify(archive, ":t") })
  H.truthy(file_size(archive) > 1000000, "a whole archive replaced the cut one: " .. tostring(file_size(archive)))
  record("session after a cut archive (crash, restart, writes a new one)", result)
end)

H.test("a file of garbage at the archive's place: the JVM ignores it and the session answers", function()
  local junk = string.rep("not an archive ", 4000)
  local home, _, archive = cache_with(junk)
  local result = session(home, "Junk?")
  H.eq(result.answer:match("^You said: Junk%?"), "You said: Junk?")
  H.truthy(has_arg(result, "-XX:SharedArchiveFile=" .. archive))
  H.eq(result.retried, false)
  H.truthy(not result.maps:find(archive, 1, true), "the JVM did not map it")
end)

H.test("an archive made for the jar at another path: a warning on stderr, the archive goes, the next start makes one", function()
  local root = vim.fn.tempname()
  vim.fn.mkdir(root, "p")
  local jar = root .. "/chat-sidecar.jar"
  H.truthy(uv.fs_copyfile(H.sidecar_jar, jar), "copy the jar")
  H.cleanup(function()
    vim.fn.delete(root, "rf")
  end)
  local home, dir = new_cache()
  local archive = launch.archive_path(dir, process.CLIENT_VERSION, jar)
  vim.fn.mkdir(dir, "p")
  H.truthy(uv.fs_copyfile(good, archive), "the other jar's archive under this jar's name")
  local result = session(home, "Moved?", jar)
  H.eq(result.answer:match("^You said: Moved%?"), "You said: Moved?")
  H.truthy(has_arg(result, "-XX:SharedArchiveFile=" .. archive))
  local log = table.concat(result.log, "\n")
  H.contains(log, "Unable to use shared archive", "the JVM's warning is on stderr (not in the protocol stream)")
  H.eq(dir_entries(dir), {}, "the unusable archive was deleted")
  local next_run = session(home, "Fresh?", jar)
  H.truthy(has_arg(next_run, "-XX:ArchiveClassesAtExit=" .. archive .. "." .. next_run.nvim_pid .. ".tmp"))
  H.eq(dir_entries(dir), { vim.fn.fnamemodify(archive, ":t") }, "a new archive for this jar")
end)

H.run()
