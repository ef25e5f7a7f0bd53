--- Chats kept under stdpath("data")/chat-sidecar/history, one JSON file each: listed newest first
--- with their date and first question, and reopened to be continued.
local M = {}

local VERSION = 1

--- The history directory.
function M.dir()
  return vim.fn.stdpath("data") .. "/chat-sidecar/history"
end

--- A new entry's name: its start time, and a suffix so two chats of one second differ.
local seeded = false

function M.new_id()
  if not seeded then
    math.randomseed(os.time() + vim.fn.getpid())
    seeded = true
  end
  return os.date("%Y%m%d-%H%M%S") .. "-" .. string.format("%04x", math.random(0, 0xffff))
end

--- The time of a save as whole seconds and microseconds (two integers: JSON keeps them exact),
--- strictly later than this Neovim's previous save, so saves within one second keep their order.
local last_seconds, last_micros = 0, 0

local function save_time()
  local seconds, micros = vim.loop.gettimeofday()
  if not seconds then
    seconds, micros = os.time(), 0
  end
  if seconds < last_seconds or (seconds == last_seconds and micros <= last_micros) then
    seconds, micros = last_seconds, last_micros + 1
  end
  last_seconds, last_micros = seconds, micros
  return seconds, micros
end

local function path_of(id)
  return M.dir() .. "/" .. id .. ".json"
end

--- Writes the conversation (turns, messages, reference, and the unsent draft); returns the path.
--- Nothing is written for a chat without a question and without a draft.
function M.save(state, draft)
  if #state.turns == 0 and (draft or "") == "" and not state.id then
    return nil
  end
  state.id = state.id or M.new_id()
  state.created = state.created or os.time()
  local turns = vim.tbl_map(function(turn)
    local copy = vim.deepcopy(turn)
    for _, target in ipairs(copy.targets or {}) do
      target.buf = nil -- buffer numbers do not outlive Neovim; the path does
    end
    return copy
  end, state.turns)
  local updated, updated_us = save_time()
  local entry = { version = VERSION, id = state.id, created = state.created, updated = updated, updated_us = updated_us,
    turns = turns, messages = state.messages, ref = state.ref or vim.NIL, draft = draft or "" }
  vim.fn.mkdir(M.dir(), "p")
  local path = path_of(state.id)
  if vim.fn.writefile({ vim.json.encode(entry) }, path) ~= 0 then
    error("chat-sidecar: could not write " .. path, 0)
  end
  return path
end

--- Reads an entry; nil when it is unreadable.
function M.load(id)
  local ok, entry = pcall(function()
    return vim.json.decode(table.concat(vim.fn.readfile(path_of(id)), "\n"))
  end)
  if ok and type(entry) == "table" and entry.version == VERSION then
    return entry
  end
  return nil
end

--- The entries, newest first: { id, updated, title, questions }.
function M.list()
  local entries = {}
  for _, file in ipairs(vim.fn.glob(M.dir() .. "/*.json", false, true)) do
    local entry = M.load(vim.fn.fnamemodify(file, ":t:r"))
    if entry then
      local first = entry.turns[1]
      local title = first and first.prompt or (entry.draft ~= "" and ("(draft) " .. entry.draft) or "(empty)")
      table.insert(entries, { id = entry.id, updated = entry.updated, updated_us = entry.updated_us or 0,
        questions = #entry.turns,
        title = (title:gsub("%s+", " ")) })
    end
  end
  table.sort(entries, function(a, b)
    if a.updated ~= b.updated then
      return a.updated > b.updated
    end
    if a.updated_us ~= b.updated_us then
      return a.updated_us > b.updated_us
    end
    return a.id > b.id
  end)
  return entries
end

--- "2026-12-03 02:15  What is a monad? (3 questions)"
function M.describe(entry)
  local title = #entry.title > 60 and (entry.title:sub(1, 57) .. "...") or entry.title
  return string.format("%s  %s (%d question%s)", os.date("%Y-%m-%d %H:%M", entry.updated), title,
    entry.questions, entry.questions == 1 and "" or "s")
end

--- Offers the past chats with vim.ui.select and reopens the one picked; callback(id or nil).
function M.pick(callback)
  callback = callback or function() end
  local entries = M.list()
  if #entries == 0 then
    vim.notify("chat-sidecar: no saved chats yet in " .. M.dir(), vim.log.levels.WARN)
    return callback(nil)
  end
  vim.ui.select(entries, { prompt = "Chat history", format_item = M.describe }, function(entry)
    if not entry then
      return callback(nil)
    end
    vim.schedule(function()
      M.reopen(entry.id)
      callback(entry.id)
    end)
  end)
end

--- Reopens a saved chat in the chat window, ready to continue. Returns true when it was found.
function M.reopen(id)
  local entry = M.load(id)
  if not entry then
    vim.notify("chat-sidecar: cannot read chat " .. id, vim.log.levels.ERROR)
    return false
  end
  local conversation = require("chat_sidecar.conversation")
  conversation.stop()
  conversation.wait(2000) -- an answer still streaming ends (and is saved) before the chat is left
  pcall(conversation.write, nil, true) -- the chat open now stays in history
  conversation.restore(M.load(id) or entry) -- read again: the chat just saved may be this one
  require("chat_sidecar.chat").open()
  return true
end

return M
