-- Headless check (tests/editors.rs): open a legacy config and wait until ssolint's S001
-- diagnostic reaches vim.diagnostic.get(). Writes "ok" or what it saw to $SSOLINT_RESULT.
local here = debug.getinfo(1, 'S').source:sub(2):match('(.*/)')
vim.opt.runtimepath:append(here .. '..')
require('ssolint').setup({ cmd = { os.getenv('SSOLINT_BIN'), 'lsp' } })
vim.cmd('edit ' .. os.getenv('SSOLINT_FILE'))
local found = vim.wait(15000, function()
  for _, d in ipairs(vim.diagnostic.get(0)) do
    if d.code == 'S001' or (d.user_data and d.user_data.lsp and d.user_data.lsp.code == 'S001') then
      return true
    end
  end
  return false
end, 100)
local out = io.open(os.getenv('SSOLINT_RESULT'), 'w')
if found then
  out:write('ok')
else
  out:write('filetype=' .. vim.bo.filetype .. ' diagnostics=' .. vim.inspect(vim.diagnostic.get(0)))
end
out:close()
vim.cmd('qall!')
