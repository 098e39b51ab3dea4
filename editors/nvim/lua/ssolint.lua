-- ssolint for Neovim: the `awsconfig` filetype for ~/.aws/config and ~/.aws/credentials, and
-- the ssolint language server. Neovim 0.7+; uses vim.lsp.config/enable on 0.11+.
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
  vim.cmd([[
    augroup ssolint_filetype
      autocmd!
      autocmd BufRead,BufNewFile */.aws/config,*/.aws/credentials setfiletype awsconfig
    augroup END
  ]])
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
    pattern = 'awsconfig',
    callback = function(args)
      local client_id = vim.lsp.start_client({
        name = 'ssolint',
        cmd = cmd,
        root_dir = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(args.buf), ':h'),
        init_options = opts.settings,
      })
      if client_id then
        vim.lsp.buf_attach_client(args.buf, client_id)
      end
    end,
  })
end

return M
