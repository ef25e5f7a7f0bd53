-- setup() validation: defaults, every option checked with a message naming it.
local H = require("harness")
local config = require("chat_sidecar.config")
local chat_sidecar = require("chat_sidecar")

H.test("defaults: java, the JVM flags, vsplit window, repository jar", function()
  local values = config.setup(nil)
  H.eq(values.java, "java")
  H.eq(values.java_args, require("chat_sidecar.launch").FLAGS)
  H.eq(values.cds, true)
  H.eq(values.window.layout, "vsplit")
  H.eq(values.settings, {})
  H.eq(config.jar_path(), H.sidecar_jar)
end)

H.test("given options replace defaults; lists and settings replace rather than merge", function()
  local values = config.setup({
    java = "/opt/jdk/bin/java",
    java_args = { "-Xmx64m" },
    jar = "/tmp/x.jar",
    settings = { chatgpt = { baseUrl = "http://127.0.0.1:1" } },
    model = "gpt-4o-mini",
    window = { layout = "float", width = 80 },
    mappings = { send = false },
  })
  H.eq(values.java_args, { "-Xmx64m" })
  H.eq(values.settings, { chatgpt = { baseUrl = "http://127.0.0.1:1" } })
  H.eq(values.window, { layout = "float", width = 80, height = 0.4, border = "rounded" })
  local mappings = config.defaults().mappings
  mappings.send = false
  H.eq(values.mappings, mappings, "one mapping given: the others keep their defaults")
  H.eq(config.jar_path(), "/tmp/x.jar")
  config.setup({})
  H.eq(config.get().java, "java", "a later setup() starts again from the defaults")
end)

local bad = {
  { "not a table", "opts", "must be a table" },
  { { jav = "java" }, "unknown option `jav`", "known: " },
  { { java = "" }, "`java`", "non-empty string" },
  { { java = 17 }, "`java`", "got 17" },
  { { java_args = "-Xmx1g" }, "`java_args`", "a list of strings" },
  { { java_args = { "-Xmx1g", 2 } }, "`java_args`", "a list of strings" },
  { { cds = "yes" }, "`cds`", "true or false" },
  { { jar = true }, "`jar`", "chat-sidecar.jar" },
  { { settings = "chatgpt.baseUrl=x" }, "`settings`", "{ chatgpt = { baseUrl = ... } }" },
  { { settings = { "x" } }, "`settings`", "table of sidecar settings" },
  { { env = { HTTPS_PROXY = true } }, "`env`", "environment variables" },
  { { model = 4 }, "`model`", "model id" },
  { { startup_timeout_ms = -1 }, "`startup_timeout_ms`", "positive number" },
  { { save_dir = 1 }, "`save_dir`", "directory path" },
  { { window = "float" }, "`window`", "a table" },
  { { window = { layout = "side" } }, "`window.layout`", "\"vsplit\", \"split\", \"float\"" },
  { { window = { width = 0 } }, "`window.width`", "fraction" },
  { { window = { height = 2.5 } }, "`window.height`", "whole number" },
  { { window = { position = "left" } }, "unknown option `window.position`", "layout" },
  { { window = { border = 1 } }, "`window.border`", "border" },
  { { mappings = { close = 1 } }, "`mappings.close`", "false (no mapping)" },
  { { mappings = { open = "o" } }, "unknown option `mappings.open`", "send" },
}

for _, case in ipairs(bad) do
  H.test("rejects " .. vim.inspect(case[1], { newline = " ", indent = "" }), function()
    local message = H.raises(function()
      chat_sidecar.setup(case[1])
    end, case[2])
    H.contains(message, case[3])
    H.contains(message, "chat_sidecar.setup: ", "the message names where it comes from")
  end)
end

H.test("a rejected setup() leaves the options in force unchanged", function()
  config.setup({ model = "auto" })
  pcall(chat_sidecar.setup, { model = 1 })
  H.eq(config.get().model, "auto")
end)

H.run()
