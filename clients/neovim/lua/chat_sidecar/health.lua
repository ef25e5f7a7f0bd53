--- :checkhealth chat_sidecar — Neovim version, java and its version, the jar, a live handshake.
local config = require("chat_sidecar.config")
local rpc = require("chat_sidecar.rpc")
local launcher = require("chat_sidecar.process")
local sidecar = require("chat_sidecar.sidecar")

local M = {}

-- vim.health.start (0.10+), vim.health.report_start (0.8, 0.9), require("health") (0.7)
local function reporter()
  local h = vim.health or {}
  if h.start then
    return { start = h.start, ok = h.ok, warn = h.warn, error = h.error, info = h.info }
  end
  if not h.report_start then
    h = require("health")
  end
  return { start = h.report_start, ok = h.report_ok, warn = h.report_warn, error = h.report_error,
    info = h.report_info }
end

local MIN_JAVA = 17

local function check_java(report, cfg)
  if vim.fn.executable(cfg.java) ~= 1 then
    report.error("java not found: \"" .. cfg.java .. "\"",
      { "Install Java " .. MIN_JAVA .. " or newer", "or set `java` in require(\"chat_sidecar\").setup()" })
    return false
  end
  local output = vim.fn.system({ cfg.java, "-version" })
  local major = tonumber(output:match('version "(%d+)') or "")
  if major and major >= MIN_JAVA then
    report.ok("java " .. major .. " (" .. vim.fn.exepath(cfg.java) .. ")")
  elseif major then
    report.error("java " .. major .. " is too old: chat-sidecar needs Java " .. MIN_JAVA .. " or newer")
    return false
  else
    report.warn("could not read the Java version from `" .. cfg.java .. " -version`: " .. vim.trim(output))
  end
  return true
end

local function check_jar(report, cfg)
  if vim.fn.filereadable(cfg.jar) == 1 then
    report.ok("jar: " .. cfg.jar)
    return true
  end
  report.error("jar not found: " .. cfg.jar,
    { "Build it with `mvn -B -q package -DskipTests` at the repository root", "or set `jar` in setup()" })
  return false
end

local function describe_error(err)
  local data = rpc.value(err.data) or {}
  return (data.message or err.message or "unknown error"), data.hint
end

--- Whether the process maps an AppCDS archive, writes one, or runs without (see `cds`).
local function report_archive(report, plan)
  if plan.archive then
    report.info("AppCDS archive: in use, " .. plan.archive)
  elseif plan.pending then
    report.info("AppCDS archive: none yet; written when this sidecar exits, to " .. plan.final)
  else
    report.info("AppCDS archive: not used (`cds` is off, java_args choose, or another sidecar is making it)")
  end
end

--- A private sidecar: initialize, chat/models, shutdown. Never touches the shared one.
local function check_handshake(report, cfg)
  local started = (vim.uv or vim.loop).hrtime()
  local process, err = launcher.spawn(cfg, function() end)
  if not process then
    report.error("could not start the sidecar: " .. describe_error(err))
    return
  end
  local done, failure, models = false, nil, nil
  process:request("chat/models", vim.empty_dict(), function(e, result)
    done, failure, models = true, e, result
  end)
  local timeout = cfg.startup_timeout_ms
  vim.wait(timeout + 1000, function()
    return done
  end, 20)
  local elapsed = math.floor(((vim.uv or vim.loop).hrtime() - started) / 1e6)
  if not done then
    report.error("no answer to initialize within " .. timeout .. " ms")
  elseif failure and not process.ready then
    local message, hint = describe_error(failure)
    local tail = process:log_tail()
    report.error("initialize failed: " .. message, vim.tbl_filter(function(x)
      return x ~= nil
    end, { hint, tail[#tail] and ("last log line: " .. tail[#tail]) or nil }))
  else
    local info = process.server_info or {}
    report.ok(string.format("initialize handshake: %s %s (pid %d, %d ms)", info.name or "?",
      info.version or "?", process.pid, elapsed))
    report_archive(report, process.plan)
    if failure then
      report.warn("chat/models failed: " .. describe_error(failure))
    elseif #(rpc.value(models.models) or {}) == 0 then
      report.warn("chat/models lists no model", { "Configure a backend in `settings`" })
    else
      M.report_models(report, rpc.value(models.models), rpc.value(models.defaultModel))
    end
  end
  process:stop(3000)
end

--- Models that can answer are OK; unchecked ones are listed as such; unavailable ones (backend
--- entries such as "openai/*" among them) are listed with their reason, never as OK.
function M.report_models(report, list, default_id)
  local models = require("chat_sidecar.models")
  local ready, unchecked = {}, {}
  for _, model in ipairs(list) do
    if models.unavailable(model) then
      report.info("unavailable: " .. model.id .. ": " .. (rpc.value(model.unavailableReason) or "no reason given"))
    elseif rpc.value(model.status) == "unchecked" then
      table.insert(unchecked, model.id)
    elseif not models.is_placeholder(model) then
      table.insert(ready, model.id)
    end
  end
  if #ready > 0 then
    report.ok("models: " .. table.concat(ready, ", ") .. " (default " .. tostring(default_id) .. ")")
  else
    report.warn("no model can answer now", { "Configure a backend in `settings`" })
  end
  if #unchecked > 0 then
    report.info("not checked yet: " .. table.concat(unchecked, ", "))
  end
end

function M.check()
  local report = reporter()
  report.start("chat-sidecar")
  local v = vim.version()
  local version = string.format("%d.%d.%d", v.major, v.minor, v.patch)
  if vim.fn.has("nvim-0.7") == 1 then
    report.ok("Neovim " .. version)
  else
    report.error("Neovim " .. version .. " is too old: chat-sidecar needs 0.7 or newer")
  end
  local cfg = vim.deepcopy(config.get())
  cfg.jar = config.jar_path()
  local java_ok = check_java(report, cfg)
  local jar_ok = check_jar(report, cfg)
  if java_ok and jar_ok then
    check_handshake(report, cfg)
  end
  local shared = sidecar.current()
  if shared then
    report.info("shared sidecar running (pid " .. shared.pid .. ")")
  end
end

return M
