--- The LSP base-protocol framing: `Content-Length: N\r\n\r\n` followed by N bytes of UTF-8 JSON.
--- Pure string code, no Neovim API: the decoder takes the bytes as they arrive, in any split.
local M = {}

--- One frame around a body (a JSON string); the length counts bytes, not characters.
function M.encode(body)
  return "Content-Length: " .. #body .. "\r\n\r\n" .. body
end

local Decoder = {}
Decoder.__index = Decoder

--- A decoder with an empty buffer.
function M.decoder()
  return setmetatable({ pending = "", length = nil }, Decoder)
end

local function content_length(header)
  for line in (header .. "\r\n"):gmatch("(.-)\r\n") do
    local name, value = line:match("^([^:]+):%s*(.-)%s*$")
    if name and name:lower() == "content-length" then
      return tonumber(value)
    end
  end
  return nil
end

--- Adds a chunk of bytes. Returns the bodies completed by it (a list, maybe empty), and an error
--- message when a header without a valid Content-Length was skipped.
function Decoder:feed(chunk)
  self.pending = self.pending .. chunk
  local bodies, problem = {}, nil
  while true do
    if not self.length then
      local header_end = self.pending:find("\r\n\r\n", 1, true)
      if not header_end then
        break
      end
      local header = self.pending:sub(1, header_end - 1)
      self.pending = self.pending:sub(header_end + 4)
      local length = content_length(header)
      if length and length >= 0 and length == math.floor(length) then
        self.length = length
      else
        problem = "frame header without a valid Content-Length skipped: " .. header
      end
    end
    if self.length then
      if #self.pending < self.length then
        break
      end
      bodies[#bodies + 1] = self.pending:sub(1, self.length)
      self.pending = self.pending:sub(self.length + 1)
      self.length = nil
    end
  end
  return bodies, problem
end

--- True when no partial frame is waiting for more bytes.
function Decoder:is_idle()
  return self.pending == "" and self.length == nil
end

return M
