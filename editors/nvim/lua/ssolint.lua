-- ssolint for Neovim: the `awsconfig` filetype for ~/.aws/config and ~/.aws/credentials
-- (highlighted by syntax/awsconfig.vim with Neovim's own INI syntax, then ssolint's
-- semantic tokens), and the
-- ssolint language server: one client for the files of a directory. Neovim 0.7+; uses
-- vim.lsp.config/enable on 0.11+.
--
--   require('ssolint').setup()                      -- `ssolint` on PATH
--   require('ssolint').setup({ cmd = { '/path/to/ssolint', 'lsp' },
--                              settings = { ignore = { 'S010' } } })
local M = {}

local function add_filetype()
  if vim.filetype and vim.filetype.add then
    vim.filetype.add({
      pattern = {
        ['.*/%.aws/config'] = 'awsconfig',
        ['.*/%.aws/credentials'] = 'awsconfig',
      },
    })
  end
  -- Neovim 0.7 runs Lua filetype rules only with g:do_filetype_lua: keep a classic rule too.
  -- syntax/awsconfig.vim highlights with the INI syntax Neovim ships; comments are `#`.
  -- `-` is part of a word, as in region and profile names: Neovim before 0.10 starts a
  -- completion at the word's start, not where the server's edit does (`eu-w` + `eu-west-1`
  -- would give `eu-eu-west-1`).
  vim.cmd([[
    augroup ssolint_filetype
      autocmd!
      autocmd BufRead,BufNewFile */.aws/config,*/.aws/credentials setfiletype awsconfig
      autocmd FileType awsconfig setlocal commentstring=#\ %s iskeyword+=-
    augroup END
  ]])
end

-- Neovim 0.7–0.10: one client per directory, started once and attached to every buffer
-- of it (a FileType event per buffer must not start another server).
local clients = {}

local function attach(buf, cmd, settings)
  local root = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(buf), ':p:h')
  local id = clients[root]
  if id == nil or vim.lsp.get_client_by_id(id) == nil then
    id = vim.lsp.start_client({
      name = 'ssolint',
      cmd = cmd,
      root_dir = root,
      init_options = settings,
    })
    clients[root] = id
  end
  if id then
    vim.lsp.buf_attach_client(buf, id)
    vim.bo[buf].omnifunc = 'v:lua.vim.lsp.omnifunc'
  end
end

function M.setup(opts)
  opts = opts or {}
  local cmd = opts.cmd or { 'ssolint', 'lsp' }
  add_filetype()
  if vim.lsp.config and vim.lsp.enable then
    vim.lsp.config('ssolint', {
      cmd = cmd,
      filetypes = { 'awsconfig' },
      root_markers = { 'ssolint.toml', '.ssolint.toml', '.git' },
      init_options = opts.settings,
    })
    vim.lsp.enable('ssolint')
    return
  end
  vim.api.nvim_create_autocmd('FileType', {
    group = vim.api.nvim_create_augroup('ssolint_lsp', { clear = true }),
    pattern = 'awsconfig',
    callback = function(args)
      attach(args.buf, cmd, opts.settings)
    end,
  })
end

return M
