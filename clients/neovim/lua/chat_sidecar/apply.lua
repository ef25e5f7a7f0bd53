--- Applying a code block to the buffer it is about, through Neovim's diff mode: a new tab page shows
--- the buffer beside a proposal (the buffer with the block in place); accept copies the proposal
--- into the buffer, reject leaves it as it was. The proposal can be edited before accepting.
local codeblock = require("chat_sidecar.codeblock")
local config = require("chat_sidecar.config")

local M = {}

local active = nil -- { target, proposal, tab }

--- Where the block goes: the last buffer or file attached to the question it answers, else the
--- whole buffer the user came from.
local function target_for(turn_index)
  local turn = require("chat_sidecar.conversation").turns()[turn_index]
  local targets = turn and turn.targets or {}
  for i = #targets, 1, -1 do
    local t = targets[i]
    local buf = t.buf
    if (not buf or not vim.api.nvim_buf_is_valid(buf)) and t.path and t.path ~= "" then
      buf = vim.fn.bufadd(t.path)
      vim.fn.bufload(buf)
    end
    if buf and vim.api.nvim_buf_is_valid(buf) then
      return buf, t.range
    end
  end
  return require("chat_sidecar.context").source_buffer(), nil
end

--- The target's lines with the block in place of the range (the whole buffer without one).
function M.proposed_lines(buf, range, block_lines)
  local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  if not range then
    return vim.deepcopy(block_lines)
  end
  local new = vim.list_slice(lines, 1, range.first - 1)
  local middle = vim.deepcopy(block_lines)
  if range.kind == "chars" then
    if #middle == 0 then
      middle = { "" }
    end
    middle[1] = (lines[range.first] or ""):sub(1, range.first_col) .. middle[1]
    middle[#middle] = middle[#middle] .. (lines[range.last] or ""):sub(range.last_col + 1)
  end
  vim.list_extend(new, middle)
  vim.list_extend(new, vim.list_slice(lines, range.last + 1))
  return new
end

local function finish(accepted)
  local a = active
  if not a then
    vim.notify("chat-sidecar: no change is waiting to be accepted", vim.log.levels.WARN)
    return false
  end
  active = nil
  if accepted and vim.api.nvim_buf_is_valid(a.target) then
    vim.api.nvim_buf_set_lines(a.target, 0, -1, false, vim.api.nvim_buf_get_lines(a.proposal, 0, -1, false))
  end
  for _, win in ipairs(vim.fn.win_findbuf(a.target)) do
    vim.api.nvim_win_call(win, function()
      vim.cmd("diffoff")
    end)
  end
  if vim.api.nvim_tabpage_is_valid(a.tab) and #vim.api.nvim_list_tabpages() > 1 then
    vim.cmd("tabclose " .. vim.api.nvim_tabpage_get_number(a.tab))
  end
  pcall(vim.api.nvim_buf_delete, a.proposal, { force = true })
  vim.notify("chat-sidecar: " .. (accepted and "applied the change" or "rejected the change"))
  return true
end

--- Accepts the waiting change; false when there is none.
function M.accept()
  return finish(true)
end

--- Rejects the waiting change; false when there is none.
function M.reject()
  return finish(false)
end

--- Shows the diff for the code block under the cursor (or the chat's last one). Returns the
--- target and proposal buffers, or nil.
function M.start()
  local block, turn_index = codeblock.current()
  if not block then
    vim.notify("chat-sidecar: no code block to apply", vim.log.levels.WARN)
    return nil
  end
  local target, range = target_for(turn_index)
  if not target then
    vim.notify("chat-sidecar: no buffer to apply the block to (attach one with #buffer or :ChatSidecarAdd)",
      vim.log.levels.WARN)
    return nil
  end
  if active then
    M.reject()
  end
  local lines = M.proposed_lines(target, range, block.lines)
  vim.cmd("tab split")
  vim.api.nvim_win_set_buf(0, target)
  vim.cmd("diffthis")
  vim.cmd("vertical rightbelow new")
  local proposal = vim.api.nvim_get_current_buf()
  vim.bo[proposal].buftype = "nofile"
  vim.bo[proposal].bufhidden = "wipe"
  vim.bo[proposal].swapfile = false
  vim.api.nvim_buf_set_lines(proposal, 0, -1, false, lines)
  vim.bo[proposal].filetype = vim.bo[target].filetype
  pcall(vim.api.nvim_buf_set_name, proposal, "chat-sidecar://proposal/" .. vim.fn.fnamemodify(
    vim.api.nvim_buf_get_name(target), ":t"))
  vim.cmd("diffthis")
  active = { target = target, proposal = proposal, tab = vim.api.nvim_get_current_tabpage() }
  require("chat_sidecar.keymaps").set_proposal(proposal, config.get().mappings, M.accept, M.reject)
  local m = config.get().mappings
  vim.notify(string.format("chat-sidecar: %s accepts, %s rejects (:ChatSidecarAccept, :ChatSidecarReject)",
    m.accept or ":ChatSidecarAccept", m.reject or ":ChatSidecarReject"))
  return target, proposal
end

--- The change waiting for accept or reject, or nil.
function M.active()
  return active
end

return M
