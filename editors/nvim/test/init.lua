-- Headless check (tests/editors.rs): open a legacy config and its credentials file, wait
-- until ssolint's S001 diagnostic reaches vim.diagnostic.get(), then check there is one
-- ssolint client for both buffers and that both are highlighted. Writes "ok" or what it saw
-- to $SSOLINT_RESULT.
local here = debug.getinfo(1, 'S').source:sub(2):match('(.*/)')
vim.opt.runtimepath:append(here .. '..')
require('ssolint').setup({ cmd = { os.getenv('SSOLINT_BIN'), 'lsp' } })
vim.cmd('edit ' .. os.getenv('SSOLINT_FILE'))
local config = vim.api.nvim_get_current_buf()
local found = vim.wait(15000, function()
  for _, d in ipairs(vim.diagnostic.get(config)) do
    if d.code == 'S001' or (d.user_data and d.user_data.lsp and d.user_data.lsp.code == 'S001') then
      return true
    end
  end
  return false
end, 100)
local problems = {}
if not found then
  table.insert(problems, 'filetype=' .. vim.bo.filetype .. ' diagnostics=' .. vim.inspect(vim.diagnostic.get(0)))
end
local companion = os.getenv('SSOLINT_COMPANION')
if companion then
  vim.cmd('edit ' .. companion)
  local credentials = vim.api.nvim_get_current_buf()
  local get = vim.lsp.get_clients or vim.lsp.get_active_clients
  vim.wait(5000, function()
    return #get({ bufnr = credentials, name = 'ssolint' }) > 0
  end, 50)
  local all = {}
  for _, c in ipairs(get({ name = 'ssolint' })) do
    table.insert(all, c.id)
  end
  if #all ~= 1 then
    table.insert(problems, 'ssolint clients: ' .. #all)
  end
  for _, buf in ipairs({ config, credentials }) do
    if vim.bo[buf].syntax ~= 'dosini' then
      table.insert(problems, 'syntax of buffer ' .. buf .. ': ' .. vim.bo[buf].syntax)
    end
    if vim.bo[buf].omnifunc == '' then
      table.insert(problems, 'no omnifunc in buffer ' .. buf)
    end
  end
end
local out = io.open(os.getenv('SSOLINT_RESULT'), 'w')
if #problems == 0 then
  out:write('ok')
else
  out:write(table.concat(problems, '; '))
end
out:close()
vim.cmd('qall!')
