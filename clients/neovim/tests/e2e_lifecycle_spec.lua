-- The sidecar process: gone after :qa (idle or mid-answer), restarted after it dies, and a
-- clear inline error when the jar is missing.
local H = require("harness")
local chat_sidecar = require("chat_sidecar")
local chat = require("chat_sidecar.chat")

local uv = vim.uv or vim.loop
local fake

H.before_all(function()
  H.require_jar(H.sidecar_jar)
  fake = H.start_fake_backend()
  chat_sidecar.setup(H.sidecar_options(fake))
end)

--- Runs a child Neovim that asks `prompt`, then runs :qa (at once, or once the answer finished).
--- Returns the sidecar's pid, its exit code as the child saw it in VimLeave (after VimLeavePre),
--- and how long the child took to quit.
local function child_quits(prompt, wait_for_answer)
  local dir = vim.fn.tempname()
  vim.fn.mkdir(dir, "p")
  local script, pid_file, code_file = dir .. "/child.lua", dir .. "/pid", dir .. "/exit-code"
  vim.fn.writefile({
    "local ok, err = xpcall(function()",
    "vim.opt.runtimepath:prepend(" .. vim.inspect(H.plugin_dir) .. ")",
    "vim.cmd('runtime plugin/chat_sidecar.lua')",
    "local cs = require('chat_sidecar')",
    "cs.setup(" .. vim.inspect(H.sidecar_options(fake), { newline = " ", indent = "" }) .. ")",
    "assert(cs.ask(" .. vim.inspect(prompt) .. "))",
    wait_for_answer and "assert(cs.wait(30000), 'answer')"
      or "assert(vim.wait(30000, function() return (cs.last_answer() or '') ~= '' end, 10), 'first text')",
    "local process = require('chat_sidecar.sidecar').current()",
    "vim.api.nvim_create_autocmd('VimLeave', { callback = function()",
    "  vim.fn.writefile({ tostring(process.exit_code) }, " .. vim.inspect(code_file) .. ")",
    "end })",
    "vim.fn.writefile({ tostring(process.pid) }, " .. vim.inspect(pid_file) .. ")",
    "vim.cmd('qa')",
    "end, debug.traceback)",
    "io.stderr:write(tostring(err)); vim.cmd('cquit 2')", -- reached only when something failed
  }, script)
  local exited, quit_started, output = nil, nil, ""
  local job = vim.fn.jobstart({ vim.v.progpath, "--headless", "-u", "NONE", "-i", "NONE", "-n",
    "-c", "luafile " .. vim.fn.fnameescape(script), "-c", "cquit 3" }, {
    on_stdout = function(_, data) output = output .. table.concat(data, "\n") end,
    on_stderr = function(_, data) output = output .. table.concat(data, "\n") end,
    on_exit = function(_, code) exited = code end,
  })
  H.truthy(job > 0, "the child Neovim starts")
  H.wait_for(60000, function()
    if not quit_started and vim.fn.filereadable(pid_file) == 1 then
      quit_started = uv.hrtime()
    end
    return exited ~= nil
  end, "the child Neovim to quit")
  H.eq(exited, 0, "the child Neovim's exit code (output: " .. output .. ")")
  local pid = tonumber(vim.fn.readfile(pid_file)[1])
  H.truthy(pid, "the child recorded the sidecar pid")
  return pid, vim.fn.readfile(code_file)[1], (uv.hrtime() - quit_started) / 1e6
end

H.test("after :qa the sidecar process is gone, shut down cleanly", function()
  local pid, code, quit_ms = child_quits("Hello", true)
  H.eq(H.process_alive(pid), false, "sidecar " .. pid .. " still alive after :qa")
  H.eq(code, "0", "shutdown + exit ended the sidecar with code 0 before Neovim left")
  H.capture("quit-times.txt", { string.format("idle: %.0f ms", quit_ms) })
end)

H.test("after :qa in the middle of an answer the sidecar process is gone too", function()
  local pid, code, quit_ms = child_quits("Go on and on [[slow]]", false)
  H.eq(H.process_alive(pid), false, "sidecar " .. pid .. " still alive after :qa")
  H.eq(code, "0", "shutdown + exit ended the sidecar with code 0 before Neovim left")
  local times = vim.fn.readfile(H.out_dir .. "/quit-times.txt")
  table.insert(times, string.format("mid-answer: %.0f ms", quit_ms))
  H.capture("quit-times.txt", times)
end)

H.test("when the sidecar dies mid-answer the error shows inline and the next prompt starts a new one", function()
  chat_sidecar.new()
  local done, err = false, nil
  H.truthy(chat_sidecar.ask("Slow one [[slow]]", { on_done = function(e) done, err = true, e end }))
  H.wait_for(30000, function()
    return (chat_sidecar.last_answer() or "") ~= ""
  end, "streamed text")
  local first = chat_sidecar.sidecar_pid()
  uv.kill(first, "sigkill")
  H.truthy(chat_sidecar.wait(10000), "the answer ends when the process dies")
  H.truthy(done, "on_done ran")
  H.contains(err.data.message, "The sidecar stopped (exit code")
  H.contains(table.concat(chat.lines(), "\n"), "> **Error (internal):** The sidecar stopped")
  H.eq(chat_sidecar.sidecar_pid(), nil, "no sidecar runs now")
  H.truthy(chat_sidecar.ask("Back again?"))
  H.truthy(chat_sidecar.wait(30000), "answered")
  H.eq(chat_sidecar.last_answer():match("^You said: Back again%?"), "You said: Back again?")
  H.truthy(chat_sidecar.sidecar_pid() ~= first, "a new sidecar answered")
end)

H.test("setup() with new settings reconfigures the running sidecar; a new jar restarts it", function()
  chat_sidecar.new()
  H.truthy(chat_sidecar.ask("Warm up"))
  H.truthy(chat_sidecar.wait(30000))
  local pid = chat_sidecar.sidecar_pid()
  local unreachable = H.sidecar_options(fake)
  unreachable.settings = { chatgpt = { baseUrl = "http://127.0.0.1:9" } }
  chat_sidecar.setup(unreachable)
  local done, err = false, nil
  H.truthy(chat_sidecar.ask("Anyone?", { on_done = function(e) done, err = true, e end }))
  H.truthy(chat_sidecar.wait(30000))
  H.eq(err and err.data.type, "unreachable", "the new baseUrl is in force")
  H.eq(chat_sidecar.sidecar_pid(), pid, "same process, new settings")
  chat_sidecar.setup(H.sidecar_options(fake))
  H.truthy(chat_sidecar.ask("Back?"))
  H.truthy(chat_sidecar.wait(30000))
  H.eq(chat_sidecar.last_answer():match("^You said: Back%?"), "You said: Back?")
  local copy = vim.fn.tempname() .. ".jar"
  vim.fn.writefile(vim.fn.readfile(H.sidecar_jar, "b"), copy, "b")
  local moved = H.sidecar_options(fake)
  moved.jar = copy
  chat_sidecar.setup(moved)
  H.eq(chat_sidecar.sidecar_pid(), nil, "a different jar stops the running sidecar")
  H.eq(H.process_alive(pid), false, "the old process is gone")
  H.truthy(chat_sidecar.ask("New jar?"))
  H.truthy(chat_sidecar.wait(30000))
  H.truthy(chat_sidecar.sidecar_pid() ~= pid, "a new process answered")
  chat_sidecar.setup(H.sidecar_options(fake))
end)

H.test("a missing jar: ask() returns false and the buffer explains how to build it", function()
  chat_sidecar.setup({ jar = "/nonexistent/chat-sidecar.jar" })
  chat_sidecar.new()
  local ok, reason = chat_sidecar.ask("Anyone there?")
  H.eq(ok, false)
  H.contains(reason, "/nonexistent/chat-sidecar.jar")
  local text = table.concat(chat.lines(), "\n")
  H.contains(text, "> **Error (internal):** The sidecar jar was not found at /nonexistent/chat-sidecar.jar.")
  H.contains(text, "> **Hint:** Build it with `mvn -B -q package -DskipTests`")
  H.eq(chat_sidecar.last_answer(), "")
end)

H.run()
