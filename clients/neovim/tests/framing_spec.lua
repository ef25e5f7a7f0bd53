-- Content-Length framing: frames split at any byte, several frames in one chunk, UTF-8 lengths.
local H = require("harness")
local framing = require("chat_sidecar.framing")

local function frame(body)
  return "Content-Length: " .. #body .. "\r\n\r\n" .. body
end

H.test("encode writes the LSP header with the body's byte length", function()
  H.eq(framing.encode('{"a":1}'), 'Content-Length: 7\r\n\r\n{"a":1}')
  H.eq(framing.encode('"é"'), 'Content-Length: 4\r\n\r\n"é"', "é is two bytes")
end)

H.test("one whole frame gives one body", function()
  local d = framing.decoder()
  H.eq(d:feed(frame('{"id":1}')), { '{"id":1}' })
  H.truthy(d:is_idle(), "nothing pending")
end)

H.test("joined frames in one chunk give every body in order", function()
  local d = framing.decoder()
  local bodies = d:feed(frame('{"id":1}') .. frame('{"id":2}') .. frame('{"id":3}'))
  H.eq(bodies, { '{"id":1}', '{"id":2}', '{"id":3}' })
end)

H.test("a frame split at every byte gives its body once, at the last byte", function()
  local d = framing.decoder()
  local wire = frame('{"method":"$/progress","params":{"delta":"hi"}}')
  for i = 1, #wire - 1 do
    H.eq(d:feed(wire:sub(i, i)), {}, "after byte " .. i)
  end
  H.eq(d:feed(wire:sub(#wire)), { '{"method":"$/progress","params":{"delta":"hi"}}' })
  H.truthy(d:is_idle(), "nothing pending")
end)

H.test("a chunk ending mid-header and the next one carrying two frames", function()
  local d = framing.decoder()
  local wire = frame('{"id":1}') .. frame('{"id":2}') .. frame('{"id":3}')
  local cut1, cut2 = 10, #frame('{"id":1}') + 3
  H.eq(d:feed(wire:sub(1, cut1)), {})
  H.eq(d:feed(wire:sub(cut1 + 1, cut2)), { '{"id":1}' })
  H.eq(d:feed(wire:sub(cut2 + 1)), { '{"id":2}', '{"id":3}' })
end)

H.test("a multi-byte UTF-8 body split inside a character is counted in bytes", function()
  local d = framing.decoder()
  local body = '{"delta":"Grüße – ✓"}'
  local wire = frame(body)
  local inside = wire:find("ü", 1, true) -- first byte of the two-byte ü
  H.eq(d:feed(wire:sub(1, inside)), {})
  H.eq(d:feed(wire:sub(inside + 1)), { body })
end)

H.test("other headers and any case of Content-Length are accepted", function()
  local d = framing.decoder()
  local wire = 'content-length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}'
  H.eq(d:feed(wire), { "{}" })
end)

H.test("a header without Content-Length is reported and skipped", function()
  local d = framing.decoder()
  local bodies, problem = d:feed("X-Other: 1\r\n\r\n" .. frame("{}"))
  H.contains(problem or "", "Content-Length")
  H.eq(bodies, { "{}" }, "the next frame still arrives")
end)

H.test("an empty body is a frame too", function()
  local d = framing.decoder()
  H.eq(d:feed("Content-Length: 0\r\n\r\n" .. frame("[]")), { "", "[]" })
end)

H.run()
