--- The sidecar's command line, after the launcher recipe in docs/benchmarks.md: JVM flags that
--- make it start quickly and stay small, and an AppCDS archive of its classes in
--- stdpath("cache")/chat-sidecar, made by the first run (-XX:ArchiveClassesAtExit) and mapped by
--- the later ones (-XX:SharedArchiveFile). Also what to do with the archive once a process ended.
local M = {}
local uv = vim.uv or vim.loop

--- The recipe's flags, in its order. The last two send the JVM's warnings to stderr: without them
--- a stale archive makes it print one on stdout, into the protocol stream.
M.FLAGS = { "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-XX:+UseSerialGC", "-Xms8m", "-Xmx256m",
  "-Xss512k", "-XX:-UsePerfData", "-Xlog:disable", "-Xlog:all=warning:stderr" }
local LOG_DISABLE, LOG_TO_STDERR = "-Xlog:disable", "-Xlog:all=warning:stderr"

-- archives being made by a process of this Neovim: a second process (e.g. :checkhealth's) must not
-- write the same <archive>.<pid>.tmp
local in_flight = {}

--- Where archives live.
function M.cache_dir()
  return vim.fn.stdpath("cache") .. "/chat-sidecar"
end

--- The archive for this jar: <dir>/chat-sidecar-<version>-<size>-<mtime ms>.jsa; nil when the jar
--- cannot be read. Any rebuilt jar gets a new name, so a stale archive is never picked by name.
function M.archive_path(dir, version, jar)
  local st = uv.fs_stat(jar)
  if not st then
    return nil
  end
  local mtime_ms = st.mtime.sec * 1000 + math.floor((st.mtime.nsec or 0) / 1e6)
  return string.format("%s/chat-sidecar-%s-%d-%d.jsa", dir, version, st.size, mtime_ms)
end

local function has_archive_flag(args)
  for _, arg in ipairs(args) do
    if arg:find("^%-XX:SharedArchiveFile=") or arg:find("^%-XX:ArchiveClassesAtExit=") then
      return true
    end
  end
  return false
end

-- The user's own CDS choice (an archive flag, or sharing switched off) wins over the plugin's.
local function user_decides_cds(args)
  return has_archive_flag(args) or vim.tbl_contains(args, "-Xshare:off")
end

-- True when -Xlog:disable comes, and -Xlog:all=warning:stderr after it.
local function log_pair_present(args)
  local disabled = false
  for _, arg in ipairs(args) do
    if arg == LOG_DISABLE then
      disabled = true
    elseif arg == LOG_TO_STDERR and disabled then
      return true
    end
  end
  return false
end

--- What to launch. `cfg`: java, java_args, jar, cds. `ctx.version`: the version in the archive
--- name (the recipe leaves its source open; like the VS Code client, which uses its extension's
--- version, this is the plugin's); `ctx.dir` and `ctx.pid` default to the cache directory and this
--- Neovim's pid. Returns { cmd = list, archive = path or nil, pending = path or nil, final = path
--- or nil }: `archive` is set when the command maps it, `pending` when the process writes a new
--- archive there, to be renamed to `final` (call prepare() before the launch, finish() after exit).
function M.plan(cfg, ctx)
  local jar = vim.fn.fnamemodify(cfg.jar, ":p") -- the JVM checks the path: always the same, absolute
  local args = vim.deepcopy(cfg.java_args)
  local plan = {}
  local archive = cfg.cds and not user_decides_cds(args)
    and M.archive_path(ctx.dir or M.cache_dir(), ctx.version, jar)
  if archive and uv.fs_stat(archive) then
    plan.archive = archive
    table.insert(args, "-XX:SharedArchiveFile=" .. archive)
  elseif archive and not in_flight[archive] then
    plan.final = archive
    plan.pending = archive .. "." .. (ctx.pid or vim.fn.getpid()) .. ".tmp"
    table.insert(args, "-XX:ArchiveClassesAtExit=" .. plan.pending)
  end
  if has_archive_flag(args) and not log_pair_present(args) then
    -- first, so that any -Xlog of the user's still applies after it
    table.insert(args, 1, LOG_TO_STDERR)
    table.insert(args, 1, LOG_DISABLE)
  end
  plan.cmd = { cfg.java }
  vim.list_extend(plan.cmd, args)
  vim.list_extend(plan.cmd, { "-jar", jar, "--stdio" })
  return plan
end

--- Call before starting the planned process: creates the cache directory and marks a pending
--- archive as being made.
function M.prepare(plan)
  if plan.pending then
    vim.fn.mkdir(vim.fn.fnamemodify(plan.pending, ":h"), "p")
    in_flight[plan.final] = true
  end
end

--- True for a stderr line where the JVM says it could not use the archive it was given.
function M.is_archive_warning(line)
  return line:find("[cds", 1, true) ~= nil and line:find("Unable to use shared archive", 1, true) ~= nil
end

--- Removes an archive that failed (a warning about it, or a JVM that died while mapping it), so
--- the next start makes a fresh one.
function M.discard(plan)
  if plan.archive then
    os.remove(plan.archive)
  end
end

local function remove_older_archives(keep)
  local dir = vim.fn.fnamemodify(keep, ":h")
  for _, path in ipairs(vim.fn.glob(dir .. "/chat-sidecar-*.jsa", true, true)) do
    if path ~= keep then
      os.remove(path)
    end
  end
  -- left by an editor that was killed before it could rename its archive
  for _, path in ipairs(vim.fn.glob(dir .. "/chat-sidecar-*.jsa.*.tmp", true, true)) do
    local pid = tonumber(path:match("%.(%d+)%.tmp$"))
    if pid and not uv.kill(pid, 0) then
      os.remove(path)
    end
  end
end

--- After the process exited with `code`: a new archive becomes the archive (an atomic rename, so
--- two editors at once never leave half a file) when it is not empty and the JVM ended by itself;
--- after a signal (code >= 128) it may be cut short and is deleted. Archives of older jars go, and
--- unfinished ones of editors that no longer run.
function M.finish(plan, code)
  if not plan.pending then
    return
  end
  in_flight[plan.final] = nil
  local st = uv.fs_stat(plan.pending)
  if st and st.size > 0 and code < 128 and uv.fs_rename(plan.pending, plan.final) then
    remove_older_archives(plan.final)
  elseif st then
    os.remove(plan.pending)
  end
end

return M
