-- The launch command (docs/benchmarks.md, "Launcher recipe for the clients"): flags, the AppCDS
-- archive flag when the archive exists / does not / is switched off, user java_args, and what
-- happens to a new archive once the process has exited.
local H = require("harness")
local launch = require("chat_sidecar.launch")
local config = require("chat_sidecar.config")

local uv = vim.uv or vim.loop

local RECIPE = { "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-XX:+UseSerialGC", "-Xms8m", "-Xmx256m",
  "-Xss512k", "-XX:-UsePerfData", "-Xlog:disable", "-Xlog:all=warning:stderr" }

local dir, jar, archive

--- A fresh cache dir and a 4-byte "jar" whose mtime is 1700000000.5 s.
local function fresh()
  local root = vim.fn.tempname()
  dir = root .. "/cache"
  vim.fn.mkdir(dir, "p")
  jar = root .. "/chat-sidecar.jar"
  vim.fn.writefile({ "abcd" }, jar, "b") -- binary: no newline after the last line
  H.truthy(uv.fs_utime(jar, 1700000000.5, 1700000000.5), "set the jar's mtime")
  archive = dir .. "/chat-sidecar-1.2.3-4-1700000000500.jsa"
end

local function plan(cfg)
  local full = vim.tbl_extend("force", { java = "/opt/java", java_args = RECIPE, jar = jar, cds = true }, cfg or {})
  return launch.plan(full, { dir = dir, version = "1.2.3", pid = 4242 })
end

local function cmd(...)
  local list = { "/opt/java" }
  for _, part in ipairs({ ... }) do
    vim.list_extend(list, type(part) == "table" and part or { part })
  end
  return list
end

local function touch(path, text)
  vim.fn.writefile({ text or "x" }, path, "b")
end

H.test("the default java_args are the recipe's flags, in its order, and cds is on", function()
  local values = config.setup(nil)
  H.eq(values.java_args, RECIPE)
  H.eq(values.cds, true)
end)

H.test("no archive yet: the process writes one to <archive>.<pid>.tmp", function()
  fresh()
  local p = plan()
  H.eq(p.cmd, cmd(RECIPE, "-XX:ArchiveClassesAtExit=" .. archive .. ".4242.tmp", "-jar", jar, "--stdio"))
  H.eq(p.pending, archive .. ".4242.tmp")
  H.eq(p.archive, nil)
  launch.finish(p, 0)
end)

H.test("an existing archive is mapped with -XX:SharedArchiveFile", function()
  fresh()
  touch(archive)
  local p = plan()
  H.eq(p.cmd, cmd(RECIPE, "-XX:SharedArchiveFile=" .. archive, "-jar", jar, "--stdio"))
  H.eq(p.archive, archive)
  H.eq(p.pending, nil)
end)

H.test("cds = false: the flags and the jar, no archive flag", function()
  fresh()
  touch(archive)
  H.eq(plan({ cds = false }).cmd, cmd(RECIPE, "-jar", jar, "--stdio"))
end)

H.test("the archive name follows the jar: another size or mtime is another archive", function()
  fresh()
  touch(archive)
  H.truthy(uv.fs_utime(jar, 1700000001, 1700000001))
  local p = plan()
  H.eq(p.pending, dir .. "/chat-sidecar-1.2.3-4-1700000001000.jsa.4242.tmp")
  launch.finish(p, 1)
  vim.fn.writefile({ "abcdef" }, jar, "b")
  H.truthy(uv.fs_utime(jar, 1700000001, 1700000001))
  p = plan()
  H.eq(p.pending, dir .. "/chat-sidecar-1.2.3-6-1700000001000.jsa.4242.tmp")
  launch.finish(p, 1)
end)

H.test("user java_args replace the flags; the -Xlog pair is put first whenever an archive flag is used", function()
  fresh()
  local p = plan({ java_args = { "-Xmx64m", "-Xlog:gc" } })
  H.eq(p.cmd, cmd("-Xlog:disable", "-Xlog:all=warning:stderr", "-Xmx64m", "-Xlog:gc",
    "-XX:ArchiveClassesAtExit=" .. archive .. ".4242.tmp", "-jar", jar, "--stdio"))
  launch.finish(p, 1)
  touch(archive)
  H.eq(plan({ java_args = { "-Xmx64m" } }).cmd, cmd("-Xlog:disable", "-Xlog:all=warning:stderr", "-Xmx64m",
    "-XX:SharedArchiveFile=" .. archive, "-jar", jar, "--stdio"))
end)

H.test("user java_args with the pair already, or with cds = false, stay exactly as given", function()
  fresh()
  touch(archive)
  local own = { "-Xmx64m", "-Xlog:disable", "-Xlog:all=warning:stderr" }
  H.eq(plan({ java_args = own }).cmd, cmd(own, "-XX:SharedArchiveFile=" .. archive, "-jar", jar, "--stdio"))
  H.eq(plan({ java_args = { "-Xmx64m" }, cds = false }).cmd, cmd("-Xmx64m", "-jar", jar, "--stdio"))
end)

H.test("the user's own archive flag or -Xshare:off wins; the pair still comes with an archive flag", function()
  fresh()
  touch(archive)
  H.eq(plan({ java_args = { "-XX:SharedArchiveFile=/mine.jsa" } }).cmd,
    cmd("-Xlog:disable", "-Xlog:all=warning:stderr", "-XX:SharedArchiveFile=/mine.jsa", "-jar", jar, "--stdio"))
  H.eq(plan({ java_args = { "-Xshare:off" } }).cmd, cmd("-Xshare:off", "-jar", jar, "--stdio"))
end)

H.test("a relative jar path becomes absolute (the JVM checks the path the archive was made with)", function()
  fresh()
  local cwd = vim.fn.getcwd()
  vim.cmd("cd " .. vim.fn.fnameescape(vim.fn.fnamemodify(jar, ":h")))
  local ok, p = pcall(plan, { jar = "chat-sidecar.jar", cds = false })
  vim.cmd("cd " .. vim.fn.fnameescape(cwd))
  H.truthy(ok, tostring(p))
  H.eq(p.cmd[#p.cmd - 1], vim.fn.resolve(jar))
end)

H.test("while one process of this Neovim makes the archive, a second one launches without archive flag", function()
  fresh()
  local first = plan()
  launch.prepare(first)
  H.eq(plan().cmd, cmd(RECIPE, "-jar", jar, "--stdio"))
  launch.finish(first, 1)
  H.truthy(plan().pending, "once the first ended, the next launch makes it again")
end)

H.test("after exit a non-empty archive is renamed into place; older and orphaned archives go", function()
  fresh()
  local old = dir .. "/chat-sidecar-1.0.0-9-1.jsa"
  local unrelated = dir .. "/notes.txt"
  local orphan = dir .. "/chat-sidecar-1.0.0-9-1.jsa.99999999.tmp" -- no such process
  local busy = dir .. "/chat-sidecar-1.0.0-9-1.jsa." .. vim.fn.getpid() .. ".tmp" -- a running editor's
  for _, path in ipairs({ old, unrelated, orphan, busy }) do
    touch(path)
  end
  local p = plan()
  launch.prepare(p)
  touch(p.pending, "archive bytes")
  launch.finish(p, 0)
  H.eq(vim.fn.readfile(archive, "b"), { "archive bytes" })
  H.eq(uv.fs_stat(p.pending), nil, "no .tmp left")
  H.eq(uv.fs_stat(old), nil, "the archive of an older jar is deleted")
  H.truthy(uv.fs_stat(unrelated), "other files stay")
  H.eq(uv.fs_stat(orphan), nil, "the unfinished archive of an editor that no longer runs is deleted")
  H.truthy(uv.fs_stat(busy), "the one a running editor still writes stays")
  H.eq(plan().archive, archive, "the next launch maps it")
end)

H.test("an empty archive, or one of a process ended by a signal, is deleted, not kept", function()
  fresh()
  local p = plan()
  touch(p.pending, "")
  H.eq(vim.fn.getfsize(p.pending), 0)
  launch.finish(p, 0)
  H.eq(uv.fs_stat(p.pending), nil)
  H.eq(uv.fs_stat(archive), nil)
  p = plan()
  touch(p.pending, "half an archive")
  launch.finish(p, 143)
  H.eq(uv.fs_stat(p.pending), nil)
  H.eq(uv.fs_stat(archive), nil)
  p = plan()
  launch.finish(p, 0) -- killed before the JVM wrote anything: nothing to do
  H.eq(uv.fs_stat(archive), nil)
end)

H.test("the JVM's warning about an unusable archive is recognised; discard() deletes the archive", function()
  H.truthy(launch.is_archive_warning(
    "[0.020s][warning][cds,dynamic] Unable to use shared archive. The top archive failed to load: /x.jsa"))
  H.eq(launch.is_archive_warning("[main] INFO chat-sidecar started"), false)
  fresh()
  touch(archive)
  local p = plan()
  launch.discard(p)
  H.eq(uv.fs_stat(archive), nil)
end)

H.test("the archive lives in stdpath('cache')/chat-sidecar", function()
  H.eq(launch.cache_dir(), vim.fn.stdpath("cache") .. "/chat-sidecar")
end)

H.run()
