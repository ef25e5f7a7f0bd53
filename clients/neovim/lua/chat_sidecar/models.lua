--- The models the sidecar lists (chat/models): picking one with vim.ui.select or by name, names for
--- completion (fetched on first use), and a fresh list whenever the sidecar sends chat/modelsChanged.
local rpc = require("chat_sidecar.rpc")
local sidecar = require("chat_sidecar.sidecar")

local M = {}

local cached = nil -- the last list, nil before the first

--- True when the model cannot answer now (status "unavailable", or available = false).
function M.unavailable(model)
  return rpc.value(model.status) == "unavailable" or model.available == false
end

--- True for list entries that stand for a backend rather than a model ("openai/*").
function M.is_placeholder(model)
  return model.id:find("*", 1, true) ~= nil
end

--- Fetches the model list; `callback(err, models, default_id)`. opts.refresh asks the sidecar to
--- probe the backends again.
function M.list(callback, opts)
  local process, err = sidecar.get()
  if not process then
    callback(err, nil, nil)
    return
  end
  local params = (opts and opts.refresh) and { refresh = true } or vim.empty_dict()
  process:request("chat/models", params, function(failure, result)
    if failure then
      callback(failure, nil, nil)
      return
    end
    cached = rpc.value(result.models) or {}
    callback(nil, cached, rpc.value(result.defaultModel))
  end)
end

sidecar.on("chat/modelsChanged", function()
  M.list(function() end)
end)

--- The ids (and aliases) of the model list for command-line completion; the first call waits for
--- the list (starting the sidecar) so that names complete from the first use.
function M.names()
  if not cached then
    local done = false
    M.list(function()
      done = true
    end)
    vim.wait(require("chat_sidecar.config").get().startup_timeout_ms, function()
      return done
    end, 20)
  end
  local names = {}
  for _, model in ipairs(cached or {}) do
    if not M.is_placeholder(model) then
      table.insert(names, model.id)
      vim.list_extend(names, rpc.value(model.aliases) or {})
    end
  end
  return names
end

local function matches(model, name)
  if model.id == name then
    return true
  end
  return vim.tbl_contains(rpc.value(model.aliases) or {}, name)
end

--- The list entry a name belongs to: the model itself, or the unavailable backend entry whose
--- prefix it has ("openai/x" → "openai/*" or another "openai/..." entry).
local function find(models, name)
  for _, model in ipairs(models) do
    if matches(model, name) then
      return model
    end
  end
  local prefix = name:match("^([^/]+/)")
  for _, model in ipairs(models) do
    if prefix and model.id:sub(1, #prefix) == prefix and M.unavailable(model) then
      return model
    end
  end
  return nil
end

local function reason(model)
  return rpc.value(model.unavailableReason) or "no reason given"
end

local function describe(model, chosen)
  local text = (model.id == chosen and "* " or "  ") .. (rpc.value(model.label) or model.id)
  if rpc.value(model.label) and model.label ~= model.id then
    text = text .. " [" .. model.id .. "]"
  end
  if M.unavailable(model) then
    text = text .. " (unavailable: " .. reason(model) .. ")"
  elseif rpc.value(model.status) == "unchecked" then
    text = text .. " (not checked yet)"
  end
  return text
end

--- Messages after a vim.ui.select: redraw first, so the built-in picker's list does not leave a
--- "Press ENTER" prompt behind.
local function tell(message, level)
  vim.schedule(function()
    vim.cmd("redraw")
    vim.notify(message, level)
  end)
end

local function choose(model, name)
  if M.unavailable(model) then
    local what = (name and name ~= model.id) and (name .. " (" .. model.id .. ")") or model.id
    tell("chat-sidecar: " .. what .. " is unavailable: " .. reason(model), vim.log.levels.WARN)
    return false
  end
  require("chat_sidecar.conversation").set_model(model.id)
  tell("chat-sidecar: model " .. model.id)
  return true
end

local function report(err)
  local data = rpc.value(err.data) or {}
  tell("chat-sidecar: " .. (data.message or err.message or "chat/models failed")
    .. (data.hint and data.hint ~= "" and (" " .. data.hint) or ""), vim.log.levels.ERROR)
end

local picks = 0 -- picks started so far: only the newest one may set the model

--- Sets the model by id or alias when `name` is given, else offers the list with vim.ui.select.
--- `callback(model_id or nil)` runs when done; opts.refresh re-probes the backends first. When
--- another pick starts before this one's list arrives, this one ends with nil and changes nothing.
function M.pick(name, callback, opts)
  callback = callback or function() end
  picks = picks + 1
  local this_pick = picks
  M.list(function(err, models, default_id)
    if this_pick ~= picks then
      return callback(nil) -- a later pick was made while this one waited for the list: it wins
    end
    if err then
      report(err)
      return callback(nil)
    end
    if #models == 0 then
      tell("chat-sidecar: no backend lists any model; check `settings`", vim.log.levels.WARN)
      return callback(nil)
    end
    if name then
      local model = find(models, name)
      if model then
        return callback(choose(model, name) and model.id or nil)
      end
      tell("chat-sidecar: unknown model \"" .. name .. "\"; :ChatSidecarModel lists them", vim.log.levels.ERROR)
      return callback(nil)
    end
    local chosen = require("chat_sidecar.conversation").model() or default_id
    for _, model in ipairs(models) do
      if matches(model, chosen) then
        chosen = model.id
      end
    end
    vim.ui.select(models, {
      prompt = "Chat model",
      format_item = function(model)
        return describe(model, chosen)
      end,
    }, function(model)
      callback(model and choose(model) and model.id or nil)
    end)
  end, opts)
end

return M
