" ssolint for Vim with ALE: completion from ssolint's language server in the AWS files
" (ssolint#Complete). Other `confini` buffers are left alone.
if !ssolint#IsAwsFile(bufnr(''))
    finish
endif

setlocal omnifunc=ssolint#Complete
let b:undo_ftplugin = get(b:, 'undo_ftplugin', 'execute')
\   . ' | setlocal omnifunc<'
