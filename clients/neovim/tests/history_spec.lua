-- The history store on its own: newest first even for chats saved within the same second.
local H = require("harness")
local history = require("chat_sidecar.history")

H.test("chats saved one after the other within a second are listed newest first", function()
  local saved = {}
  for i = 1, 5 do
    local state = { turns = { { prompt = "question " .. i } }, messages = {} }
    history.save(state, "")
    table.insert(saved, state.id)
  end
  local ids = vim.tbl_map(function(entry)
    return entry.id
  end, history.list())
  H.eq(vim.list_slice(ids, 1, 5), { saved[5], saved[4], saved[3], saved[2], saved[1] }, "newest first")
  H.truthy(history.describe(history.list()[1]):match("^%d%d%d%d%-%d%d%-%d%d %d%d:%d%d  question 5 %(1 question%)$"),
    "a label with the date, the first question and the count")
end)

H.run()
