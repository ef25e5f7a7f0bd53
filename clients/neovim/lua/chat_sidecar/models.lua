--- The models the sidecar lists (chat/models) and picking one with vim.ui.select.
local conversation = require("chat_sidecar.conversation")
local rpc = require("chat_sidecar.rpc")
local sidecar = require("chat_sidecar.sidecar")

local M = {}

local cached = {}

--- Fetches the model list; `callback(err, models, default_id)`.
function M.list(callback)
  local process, err = sidecar.get()
  if not process then
    callback(err, nil, nil)
    return
  end
  process:request("chat/models", vim.empty_dict(), function(failure, result)
    if failure then
      callback(failure, nil, nil)
      return
    end
    cached = rpc.value(result.models) or {}
    callback(nil, cached, rpc.value(result.defaultModel))
  end)
end

--- The ids (and aliases) of the last fetched list, for command-line completion.
function M.cached_names()
  local names = {}
  for _, model in ipairs(cached) do
    table.insert(names, model.id)
    for _, alias in ipairs(rpc.value(model.aliases) or {}) do
      table.insert(names, alias)
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

local function describe(model, chosen)
  local text = (model.id == chosen and "* " or "  ") .. (rpc.value(model.label) or model.id)
  if rpc.value(model.label) and model.label ~= model.id then
    text = text .. " [" .. model.id .. "]"
  end
  if model.available == false then
    text = text .. " (unavailable: " .. (rpc.value(model.unavailableReason) or "no reason given") .. ")"
  end
  return text
end

local function choose(model)
  if model.available == false then
    vim.notify("chat-sidecar: " .. model.id .. " is unavailable: "
      .. (rpc.value(model.unavailableReason) or "no reason given"), vim.log.levels.WARN)
    return false
  end
  conversation.set_model(model.id)
  vim.notify("chat-sidecar: model " .. model.id)
  return true
end

local function report(err)
  local data = rpc.value(err.data) or {}
  vim.notify("chat-sidecar: " .. (data.message or err.message or "chat/models failed")
    .. (data.hint and data.hint ~= "" and (" " .. data.hint) or ""), vim.log.levels.ERROR)
end

--- Sets the model by id or alias when `name` is given, else offers the list with vim.ui.select.
--- `callback(model_id or nil)` runs when done.
function M.pick(name, callback)
  callback = callback or function() end
  M.list(function(err, models, default_id)
    if err then
      report(err)
      return callback(nil)
    end
    if #models == 0 then
      vim.notify("chat-sidecar: no backend lists any model; check `settings`", vim.log.levels.WARN)
      return callback(nil)
    end
    if name then
      for _, model in ipairs(models) do
        if matches(model, name) then
          return callback(choose(model) and model.id or nil)
        end
      end
      vim.notify("chat-sidecar: unknown model \"" .. name .. "\"; :ChatSidecarModel lists them", vim.log.levels.ERROR)
      return callback(nil)
    end
    local chosen = conversation.model() or default_id
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
  end)
end

return M
