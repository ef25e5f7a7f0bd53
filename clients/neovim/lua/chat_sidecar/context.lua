--- Context attached to a question: a buffer, a file, a line range or the exact visual selection.
--- An item is { label, text, filetype, path, buf, range }: the label is shown in the chat, the text
--- is sent after the question ("From `file` (lines 3–10):" and a fenced block, as the VS Code panel
--- does), and buf/path/range say where a suggested code block can be applied back.
local M = {}

local CHAT_NAME = "chat-sidecar://chat"

local function longest_backtick_run(text)
  local longest = 0
  for run in text:gmatch("`+") do
    longest = math.max(longest, #run)
  end
  return longest
end

--- Text in a fence that backticks inside it cannot close, tagged with the file type.
function M.fence(text, filetype)
  local fence = string.rep("`", math.max(3, longest_backtick_run(text) + 1))
  local language = (filetype or ""):match("^[%w_+#.-]*$") and filetype or ""
  return fence .. language .. "\n" .. text .. "\n" .. fence
end

local function display_name(buf)
  local name = vim.api.nvim_buf_get_name(buf)
  return name == "" and "[No Name]" or vim.fn.fnamemodify(name, ":~:.")
end

local function lines_label(first, last)
  return first == last and ("line " .. first) or ("lines " .. first .. "–" .. last)
end

local function item(buf, text, range, lines)
  local name = display_name(buf)
  return {
    label = "`" .. name .. "`" .. (lines and (" (" .. lines .. ")") or ""),
    text = text, filetype = vim.bo[buf].filetype, buf = buf, range = range,
    path = vim.api.nvim_buf_get_name(buf),
  }
end

--- Lines first..last (1-based) of a buffer.
function M.from_lines(buf, first, last)
  local text = table.concat(vim.api.nvim_buf_get_lines(buf, first - 1, last, false), "\n")
  return item(buf, text, { kind = "lines", first = first, last = last }, lines_label(first, last))
end

--- A whole buffer.
function M.from_buffer(buf)
  local text = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), "\n")
  return item(buf, text, nil, nil)
end

--- A file (loaded into a buffer, so that a code block can be applied to it); nil and a reason when
--- it cannot be read.
function M.from_file(path)
  local full = vim.fn.fnamemodify(vim.fn.expand(path), ":p")
  if vim.fn.filereadable(full) ~= 1 then
    return nil, "cannot read " .. path
  end
  local buf = vim.fn.bufadd(full)
  vim.fn.bufload(buf)
  return M.from_buffer(buf)
end

--- The end byte (1-based, inclusive) of the character starting or continuing at byte `col`.
local function char_end(line, col)
  col = math.min(col, #line)
  while col < #line and line:byte(col + 1) >= 0x80 and line:byte(col + 1) < 0xC0 do
    col = col + 1
  end
  return col
end

--- The last visual selection in `buf` ('< and '>): exactly the characters for a character-wise
--- one, whole lines otherwise. nil when the buffer has none.
function M.from_selection(buf)
  local first = vim.api.nvim_buf_get_mark(buf, "<")
  local last = vim.api.nvim_buf_get_mark(buf, ">")
  if first[1] == 0 or last[1] == 0 then
    return nil, "no visual selection in " .. display_name(buf)
  end
  if vim.fn.visualmode() ~= "v" then
    return M.from_lines(buf, first[1], last[1])
  end
  local last_line = vim.api.nvim_buf_get_lines(buf, last[1] - 1, last[1], false)[1] or ""
  local end_col = char_end(last_line, last[2] + 1) -- exclusive, 0-based
  local text = table.concat(vim.api.nvim_buf_get_text(buf, first[1] - 1, first[2], last[1] - 1, end_col, {}), "\n")
  local range = { kind = "chars", first = first[1], first_col = first[2], last = last[1], last_col = end_col }
  return item(buf, text, range, lines_label(first[1], last[1]))
end

local function is_chat(buf)
  return vim.api.nvim_buf_get_name(buf) == CHAT_NAME
end

--- The buffer the user works in: the current one, or (from the chat) the previous window's, or
--- the alternate buffer.
function M.source_buffer()
  local buf = vim.api.nvim_get_current_buf()
  if not is_chat(buf) then
    return buf
  end
  local previous = vim.fn.win_getid(vim.fn.winnr("#"))
  if previous ~= 0 and not is_chat(vim.api.nvim_win_get_buf(previous)) then
    return vim.api.nvim_win_get_buf(previous)
  end
  local alternate = vim.fn.bufnr("#")
  if alternate > 0 and not is_chat(alternate) then
    return alternate
  end
  return nil
end

--- Finds `#buffer`, `#selection` and `#file:path` in a prompt. Returns the question without them,
--- the items they name, and a problem (a string) when one cannot be resolved.
function M.resolve(prompt)
  local items, problem = {}, nil
  local function add(found, why)
    if found then
      table.insert(items, found)
    else
      problem = problem or why
    end
    return ""
  end
  local question = prompt:gsub("#(%a+)(:?%S*)", function(word, rest)
    if word == "file" and rest:sub(1, 1) == ":" and #rest > 1 then
      return add(M.from_file(rest:sub(2)))
    end
    if (word ~= "buffer" and word ~= "selection") or rest:sub(1, 1) == ":" then
      return nil -- not a reference: left as typed
    end
    local buf = M.source_buffer()
    if not buf then
      return add(nil, "#" .. word .. ": no buffer to take it from") .. rest
    end
    return add((word == "buffer" and M.from_buffer or M.from_selection)(buf)) .. rest
  end)
  question = vim.trim(question:gsub("[ \t]+\n", "\n"):gsub("  +", " "))
  return question, items, problem
end

--- The question followed by each item's text ("From `name` (lines):" and a fenced block).
function M.with_items(question, items)
  local parts = { question }
  for _, it in ipairs(items) do
    table.insert(parts, "From " .. it.label .. ":\n\n" .. M.fence((it.text:gsub("%s+$", "")), it.filetype))
  end
  return table.concat(parts, "\n\n")
end

--- Where code blocks of the answer may go: { path, range } of items with a file (history keeps them).
function M.targets(items)
  local targets = {}
  for _, it in ipairs(items) do
    table.insert(targets, { path = it.path, buf = it.buf, range = it.range })
  end
  return targets
end

return M
