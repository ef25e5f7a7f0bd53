-- The sidecar's settings as its build exports them (server/target/contract.json): setup() accepts each
-- one, nested or as a flat dotted key, and the plugin sends it to the sidecar unchanged.
local H = require("harness")
local config = require("chat_sidecar.config")
local process = require("chat_sidecar.process")

local contract_file = H.repo_root .. "/server/target/contract.json"
local SAMPLES = { string = "sample-value", integer = 7, array = { "one", "two" } }

local function contract_settings()
  if vim.fn.filereadable(contract_file) ~= 1 then
    error("missing " .. contract_file .. ": build the server first (mvn -B -q package -DskipTests)", 0)
  end
  return vim.fn.json_decode(table.concat(vim.fn.readfile(contract_file), "\n")).settings
end

--- { a = { b = value } } for the key "a.b".
local function nested(key, value)
  local parts = vim.split(key, ".", { plain = true })
  local root = {}
  local node = root
  for i = 1, #parts - 1 do
    node[parts[i]] = {}
    node = node[parts[i]]
  end
  node[parts[#parts]] = value
  return root
end

--- The value at the dotted key of a decoded Settings object, or nil.
local function lookup(object, key)
  local node = object
  for _, part in ipairs(vim.split(key, ".", { plain = true })) do
    if type(node) ~= "table" then
      return nil
    end
    node = node[part]
  end
  return node
end

--- The Settings object as the sidecar receives it: initializationOptions through JSON.
local function as_sent(settings)
  return vim.fn.json_decode(vim.fn.json_encode({ initializationOptions = process.as_object(settings) }))
    .initializationOptions
end

H.test("the contract lists settings with a JSON type each", function()
  local settings = contract_settings()
  H.truthy(#settings >= 18, "at least the 18 settings of the first release, got " .. #settings)
  for _, setting in ipairs(settings) do
    H.truthy(SAMPLES[setting.type] ~= nil, setting.key .. " has a known type, got " .. tostring(setting.type))
  end
end)

H.test("setup() accepts every setting of the contract as a nested section and sends it", function()
  for _, setting in ipairs(contract_settings()) do
    local value = SAMPLES[setting.type]
    local ok, err = pcall(config.setup, { settings = nested(setting.key, value) })
    H.truthy(ok, "setup() accepts settings." .. setting.key .. ": " .. tostring(err))
    H.eq(lookup(as_sent(config.get().settings), setting.key), value, setting.key .. " reaches the sidecar")
  end
end)

H.test("setup() accepts every setting of the contract as a flat dotted key and sends it", function()
  local all = {}
  for _, setting in ipairs(contract_settings()) do
    all[setting.key] = SAMPLES[setting.type]
  end
  local ok, err = pcall(config.setup, { settings = all })
  H.truthy(ok, "setup() accepts all settings at once: " .. tostring(err))
  local sent = as_sent(config.get().settings)
  for _, setting in ipairs(contract_settings()) do
    H.eq(sent[setting.key], SAMPLES[setting.type], setting.key .. " reaches the sidecar")
  end
end)

H.run()
