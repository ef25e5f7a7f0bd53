-- :checkhealth chat_sidecar against the real jar, and what it says when things are missing.
local H = require("harness")
local chat_sidecar = require("chat_sidecar")

H.before_all(function()
  H.require_jar(H.sidecar_jar)
end)

--- The report line (any Neovim's format: "- OK: x" on 0.7, "- ✅ OK x" later) with `level` and `text`.
local function line_with(report, level, text)
  for line in (report .. "\n"):gmatch("(.-)\n") do
    local at = line:find(level, 1, true)
    if at and line:find(text, at + #level, true) then
      return line
    end
  end
  error(string.format("no %s line with %q in:\n%s", level, text, report), 2)
end

local function checkhealth()
  vim.cmd("silent checkhealth chat_sidecar")
  local lines = vim.api.nvim_buf_get_lines(0, 0, -1, false)
  vim.cmd("tabclose")
  return table.concat(lines, "\n")
end

H.test("reports Neovim, java, the jar and a live handshake, all OK", function()
  chat_sidecar.setup({ jar = H.sidecar_jar })
  local report = checkhealth()
  H.capture("checkhealth.txt", vim.split(report, "\n", { plain = true }))
  local v = vim.version()
  line_with(report, "OK", string.format("Neovim %d.%d.%d", v.major, v.minor, v.patch))
  H.truthy(line_with(report, "OK", "java "):match("java %d+ %("), "java version reported:\n" .. report)
  line_with(report, "OK", "jar: " .. H.sidecar_jar)
  H.truthy(line_with(report, "OK", "initialize handshake: ")
    :match("handshake: chat%-sidecar %d+%.%d+%.%d+ %(pid %d+, %d+ ms%)"), "handshake reported:\n" .. report)
  H.truthy(not report:find("ERROR", 1, true), "no error:\n" .. report)
  H.truthy(report:find("AppCDS archive: in use, ", 1, true) or report:find("AppCDS archive: none yet; ", 1, true),
    "the archive is reported:\n" .. report)
  local pid = tonumber(report:match("%(pid (%d+),"))
  H.eq(H.process_alive(pid), false, "the health check's sidecar " .. pid .. " has exited")
  H.eq(chat_sidecar.sidecar_pid(), nil, "the health check leaves no shared sidecar behind")
end)

H.test("a missing jar is an error with the build command as advice", function()
  chat_sidecar.setup({ jar = "/nonexistent/chat-sidecar.jar" })
  local report = checkhealth()
  line_with(report, "ERROR", "jar not found: /nonexistent/chat-sidecar.jar")
  H.contains(report, "mvn -B -q package -DskipTests")
end)

H.test("a missing java is an error naming the option", function()
  chat_sidecar.setup({ java = "/nonexistent/java", jar = H.sidecar_jar })
  local report = checkhealth()
  line_with(report, "ERROR", "java not found: \"/nonexistent/java\"")
  H.contains(report, "set `java`")
end)

H.test("settings the sidecar rejects make the handshake fail with its message", function()
  chat_sidecar.setup({ jar = H.sidecar_jar, settings = { http = { connectTimeoutMs = "soon" } } })
  local report = checkhealth()
  line_with(report, "ERROR", "initialize failed: Invalid settings")
end)

H.run()
