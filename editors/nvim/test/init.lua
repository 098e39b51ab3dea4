-- Headless session (tests/editors.rs), the same on Neovim 0.7 and 0.11, through Neovim's own
-- LSP client as a user drives it:
--   1. open a legacy config: ssolint's diagnostics arrive (S001, K001, R001);
--   2. insert a line above a misspelt key and, before new diagnostics arrive, choose the
--      quick fix "Rename to `region`" on the key's line (vim.lsp.buf.code_action, with
--      vim.ui.select answered as a user would): exactly that line changes;
--   3. after `region = eu-w`, complete with <C-x><C-o> and accept: `eu-west-1`, not
--      `eu-eu-west-1`;
--   4. open the credentials file and define the missing source profile there: the config's
--      R001 goes away without touching the config;
--   5. one ssolint client for both buffers, both highlighted, omnifunc set.
-- Writes "ok" or what went wrong to $SSOLINT_RESULT, then quits. Each step is polled from a
-- timer: completion needs the main loop to read typed keys, which a blocking wait never does.
local here = debug.getinfo(1, 'S').source:sub(2):match('(.*/)')
vim.opt.runtimepath:append(here .. '..')
vim.o.completeopt = 'menu'
-- SSOLINT_LSP_LOG=1: Neovim's LSP log (with every message) in $XDG_STATE_HOME/nvim/lsp.log.
if os.getenv('SSOLINT_LSP_LOG') then
  vim.lsp.set_log_level('debug')
end
require('ssolint').setup({ cmd = { os.getenv('SSOLINT_BIN'), 'lsp' } })

local problems = {}
local config, credentials

local function lines(buf)
  return vim.api.nvim_buf_get_lines(buf, 0, -1, false)
end

local function codes(buf)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    if code then
      found[code] = true
    end
  end
  return found
end

local function line_index(buf, text)
  for i, line in ipairs(lines(buf)) do
    if line == text then
      return i
    end
  end
end

local function finish()
  local out = io.open(os.getenv('SSOLINT_RESULT'), 'w')
  out:write(#problems == 0 and 'ok' or table.concat(problems, '; '))
  out:close()
  vim.cmd('qall!')
end

local expected_after_fix
local steps = {
  {
    name = 'diagnostics after open',
    start = function()
      vim.cmd('edit ' .. os.getenv('SSOLINT_FILE'))
      config = vim.api.nvim_get_current_buf()
    end,
    done = function()
      local c = codes(config)
      return c.S001 and c.K001 and c.R001
    end,
    explain = function()
      return 'filetype=' .. vim.bo[config].filetype .. ' diagnostics=' .. vim.inspect(vim.diagnostic.get(config))
    end,
  },
  {
    name = 'quick fix after an edit above',
    start = function()
      vim.api.nvim_buf_set_lines(config, 0, 0, false, { '# team profiles' })
      expected_after_fix = lines(config)
      local row = line_index(config, 'regoin = eu-west-1')
      expected_after_fix[row] = 'region = eu-west-1'
      vim.api.nvim_win_set_cursor(0, { row, 0 })
      vim.ui.select = function(items, opts, on_choice)
        for i, item in ipairs(items) do
          -- 0.7 passes {client_id, action}; 0.10+ {action = ..., ctx = ...}.
          local action = item.action or item[2]
          if action and action.title == 'Rename to `region`' then
            return on_choice(item, i)
          end
        end
        local titles = {}
        for _, item in ipairs(items) do
          table.insert(titles, (item.action or item[2] or {}).title or '?')
        end
        table.insert(problems, 'no rename among the code actions: ' .. table.concat(titles, ', '))
        on_choice(nil, nil)
      end
      vim.lsp.buf.code_action()
    end,
    done = function()
      return vim.deep_equal(lines(config), expected_after_fix)
    end,
    explain = function()
      return 'text after the fix: ' .. vim.inspect(lines(config))
    end,
  },
  {
    name = 'completion after a prefix',
    start = function()
      vim.api.nvim_win_set_cursor(0, { line_index(config, 'region = eu-w'), 0 })
      local keys = vim.api.nvim_replace_termcodes('A<C-x><C-o>', true, false, true)
      vim.api.nvim_feedkeys(keys, 'n', false)
    end,
    done = function()
      if vim.fn.mode() == 'i' and vim.api.nvim_get_current_line() == 'region = eu-west-1' then
        local keys = vim.api.nvim_replace_termcodes('<C-y><Esc>', true, false, true)
        vim.api.nvim_feedkeys(keys, 'n', false)
      end
      return vim.fn.mode() == 'n' and line_index(config, 'region = eu-west-1') ~= nil
        and line_index(config, 'region = eu-w') == nil
    end,
    explain = function()
      return 'mode ' .. vim.fn.mode() .. ', text: ' .. vim.inspect(lines(config))
    end,
  },
  {
    name = 'editing the credentials file re-lints the config',
    start = function()
      -- In a split, as a user watching both would: Neovim 0.11 pulls diagnostics again only
      -- for the buffers on screen.
      vim.cmd('split ' .. os.getenv('SSOLINT_COMPANION'))
      credentials = vim.api.nvim_get_current_buf()
      vim.api.nvim_buf_set_lines(credentials, -1, -1, false, {
        '[base]',
        'aws_access_key_id = AKIAEXAMPLE123456789',
        'aws_secret_access_key = x',
      })
    end,
    done = function()
      local c = codes(config)
      return c.S001 and not c.R001
    end,
    explain = function()
      local get = vim.lsp.get_clients or vim.lsp.get_active_clients
      return "the config's codes: " .. vim.inspect(codes(config)) .. ', clients of the credentials buffer: '
        .. #get({ bufnr = credentials }) .. ', visible: ' .. vim.inspect(vim.fn.win_findbuf(config))
    end,
  },
}

local function check_clients()
  local get = vim.lsp.get_clients or vim.lsp.get_active_clients
  local all = get({ name = 'ssolint' })
  if #all ~= 1 then
    table.insert(problems, 'ssolint clients: ' .. #all)
  end
  for _, buf in ipairs({ config, credentials }) do
    if #get({ bufnr = buf, name = 'ssolint' }) ~= 1 then
      table.insert(problems, 'buffer ' .. buf .. ' has no ssolint client')
    end
    local header = vim.api.nvim_buf_call(buf, function()
      vim.cmd('syntax sync fromstart')
      return vim.fn.synIDattr(vim.fn.synID(1, 2, 1), 'name')
    end)
    if not header:match('^dosini') then
      table.insert(problems, 'buffer ' .. buf .. ' (syntax ' .. vim.bo[buf].syntax .. '): the header is ' .. header)
    end
    if vim.bo[buf].omnifunc == '' then
      table.insert(problems, 'no omnifunc in buffer ' .. buf)
    end
  end
end

local current, deadline = 0, 0
local timer = vim.loop.new_timer()
local function advance()
  current = current + 1
  if current > #steps then
    timer:stop()
    check_clients()
    return finish()
  end
  deadline = vim.loop.now() + 15000
  steps[current].start()
end

timer:start(
  100,
  50,
  vim.schedule_wrap(function()
    if current == 0 or #problems > 0 then
      if #problems > 0 then
        timer:stop()
        return finish()
      end
      return advance()
    end
    local step = steps[current]
    if step.done() then
      return advance()
    end
    if vim.loop.now() > deadline then
      timer:stop()
      table.insert(problems, step.name .. ': ' .. step.explain())
      finish()
    end
  end)
)
