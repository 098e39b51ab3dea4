" ssolint for Vim with ALE: `ssolint lsp` as an ALE language server for the AWS shared
" config and credentials files. Vim gives `~/.aws/config` and `~/.aws/credentials` the
" `confini` filetype (and its highlighting); ALE runs this linter on the buffers of that
" filetype that are AWS files, and no other (`confini` is also pacman.conf and the like).
"
"   let g:ssolint_executable = '/path/to/ssolint'   " default: `ssolint` on $PATH

call ale#Set('confini_ssolint_executable', get(g:, 'ssolint_executable', 'ssolint'))

" An empty executable tells ALE not to run the linter on this buffer.
function! s:Executable(buffer) abort
    return ssolint#IsAwsFile(a:buffer)
    \   ? ale#Var(a:buffer, 'confini_ssolint_executable')
    \   : ''
endfunction

call ale#linter#Define('confini', {
\   'name': 'ssolint',
\   'lsp': 'stdio',
\   'executable': function('s:Executable'),
\   'command': '%e lsp',
\   'project_root': {buffer -> fnamemodify(bufname(buffer), ':p:h')},
\})
