" ssolint for Vim with ALE: what the linter (ale_linters/confini/ssolint.vim) and the
" completion (ftplugin/confini.vim) share.

" Whether a buffer is an AWS shared config or credentials file: under a `.aws` directory,
" or the file AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE names. (`confini`, the
" filetype Vim gives these files, is also pacman.conf and the like.)
function! ssolint#IsAwsFile(buffer) abort
    let l:path = fnamemodify(bufname(a:buffer), ':p')

    if l:path =~# '/\.aws/\(config\|credentials\)$'
        return 1
    endif

    for l:variable in ['AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE']
        let l:named = getenv(l:variable)

        if l:named isnot v:null && !empty(l:named)
        \   && fnamemodify(expand(l:named), ':p') is# l:path
            return 1
        endif
    endfor

    return 0
endfunction

" ALE's omnifunc with the word ssolint's completions replace: back to white space, `[` or
" `=` (a region or profile name is one word: `eu-w` of `eu-west-1`). ALE's own word ends at
" a `-` (`w`): it would keep only the items that start with `w`, and insert an item there
" (accepting `eu-west-1` after `eu-w` would give `eu-eu-west-1`). ALE 3 keeps the word it
" filters the answer with in `b:ale_completion_info.prefix` until the answer arrives.
function! ssolint#Complete(findstart, base) abort
    if a:findstart
        let l:ale_start = ale#completion#OmniFunc(1, a:base)

        if l:ale_start < 0
            return l:ale_start
        endif

        let l:before = getline('.')[: col('.') - 2]
        let l:word = matchstr(l:before, '[^[:space:]\[=]*$')

        if exists('b:ale_completion_info')
            let b:ale_completion_info.prefix = l:word
        endif

        return len(l:before) - len(l:word)
    endif

    return ale#completion#OmniFunc(0, a:base)
endfunction
