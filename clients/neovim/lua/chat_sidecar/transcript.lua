--- The Markdown of a conversation, shared by the live chat buffer, saving and reopening from
--- history: "## You" turns, attachments, "## Assistant (model)" answers, folded reasoning, notes.
local M = {}

M.YOU = "## You"
M.ASSISTANT = "## Assistant"
M.REASONING_OPEN = "<details><summary>Reasoning</summary>"
M.REASONING_CLOSE = "</details>"

--- Splits text at "\n" (a trailing newline gives a last empty piece, as nvim_buf_set_text wants).
function M.split_lines(text)
  return vim.split(text, "\n", { plain = true })
end

--- The lines under a "## You" heading for a sent prompt: the question, then what was attached.
function M.prompt_lines(prompt, attachments)
  local lines = { "" }
  vim.list_extend(lines, M.split_lines(vim.trim(prompt)))
  if attachments and #attachments > 0 then
    table.insert(lines, "")
    table.insert(lines, "_Attached: " .. table.concat(attachments, ", ") .. "_")
  end
  return lines
end

local function quote(text)
  return (text:gsub("\n", "\n> "))
end

local function seconds(ms)
  return string.format("%.1f s", ms / 1000)
end

--- The notes closing an answer: how it ended (stopped, cut, error with hint), then the time it
--- took and the tokens the backend reported. outcome: { finish, error, elapsed_ms, usage }.
function M.notes(outcome, answered)
  local notes = {}
  if outcome.finish == "cancelled" then
    table.insert(notes, "_(stopped)_")
  elseif outcome.finish == "length" then
    table.insert(notes, "_(cut short: the answer reached its length limit)_")
  elseif outcome.finish == "error" then
    local data = outcome.error or {}
    local kind = data.type and (" (" .. data.type .. ")") or ""
    local note = "> **Error" .. kind .. ":** " .. quote(data.message or "unknown error")
    if data.hint and data.hint ~= "" then
      note = note .. "\n> **Hint:** " .. quote(data.hint)
    end
    table.insert(notes, note)
  end
  if not answered and #notes == 0 then
    table.insert(notes, "_(empty answer)_")
  end
  local stats = {}
  if outcome.elapsed_ms then
    table.insert(stats, seconds(outcome.elapsed_ms))
  end
  local usage = outcome.usage
  if type(usage) == "table" and usage.totalTokens then
    table.insert(stats, string.format("%s tokens (%s prompt, %s answer)", tostring(usage.totalTokens),
      tostring(usage.promptTokens or "?"), tostring(usage.completionTokens or "?")))
  end
  if #stats > 0 then
    table.insert(notes, "_(" .. table.concat(stats, " · ") .. ")_")
  end
  return notes
end

--- The text that follows a finished answer in the buffer (before the next "## You").
function M.closing(answer, notes)
  if #notes == 0 then
    return ""
  end
  local gap = answer == "" and "" or (answer:sub(-1) == "\n" and "\n" or "\n\n")
  return gap .. table.concat(notes, "\n\n")
end

--- The folded block for reasoning text.
function M.reasoning_lines(reasoning)
  local lines = { M.REASONING_OPEN, "" }
  vim.list_extend(lines, M.split_lines(reasoning))
  vim.list_extend(lines, { "", M.REASONING_CLOSE, "" })
  return lines
end

--- All lines of finished turns ({ prompt, attachments, model, answer, reasoning, notes }), each
--- followed by the next "## You" heading and, when given, the draft lines under it.
function M.render(turns, draft)
  local lines = { M.YOU }
  for _, turn in ipairs(turns) do
    vim.list_extend(lines, M.prompt_lines(turn.prompt, turn.attachments))
    table.insert(lines, "")
    table.insert(lines, M.ASSISTANT .. (turn.model and (" (" .. turn.model .. ")") or ""))
    table.insert(lines, "")
    if turn.reasoning and turn.reasoning ~= "" then
      vim.list_extend(lines, M.reasoning_lines(turn.reasoning))
    end
    local body = (turn.answer or "") .. M.closing(turn.answer or "", turn.notes or {})
    local body_lines = M.split_lines(body)
    if body:sub(-1) == "\n" then
      table.remove(body_lines) -- the answer's last newline ends its last line
    end
    vim.list_extend(lines, body_lines)
    vim.list_extend(lines, { "", M.YOU })
  end
  table.insert(lines, "")
  if draft and draft ~= "" then
    lines[#lines] = nil
    table.insert(lines, "")
    vim.list_extend(lines, M.split_lines(draft))
  end
  return lines
end

--- Markdown to save: the turns without the empty "## You" section at the end.
function M.markdown(turns)
  local lines = M.render(turns)
  while #lines > 0 and (lines[#lines] == "" or lines[#lines] == M.YOU) do
    table.remove(lines)
  end
  return lines
end

return M
