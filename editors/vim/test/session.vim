" Headless session (tests/editors.rs) in Vim 9 with ALE (Debian's `vim-ale`), through
" editors/vim as a user installs it, driven as a user would:
"   1. open a legacy config: ssolint's diagnostics arrive (S001, K001, R001);
"   2. insert a line above a misspelt key and, before new diagnostics arrive, choose the
"      quick fix "Rename to `region`" on the key's line (ALE's code action request, the
"      action picked from the list it offers): exactly that line changes;
"   3. after `region = eu-w`, complete with <C-x><C-o> (ssolint#Complete, ALE's omnifunc
"      with the word start of ssolint's edits) and accept:
"      `eu-west-1`, not `eu-eu-west-1`;
"   4. open the credentials file and define the missing source profile there: the
"      config's R001 goes away without touching the config.
" Writes "ok" or what went wrong to $SSOLINT_RESULT, then quits. Each step is polled from a
" timer: completion needs the main loop to read typed keys.
set nocompatible
let s:here = expand('<sfile>:p:h')
execute 'set runtimepath^=' . fnameescape(s:here . '/..')
packadd ale
filetype plugin on
syntax on
let g:ssolint_executable = $SSOLINT_BIN
let g:ale_linters = {'confini': ['ssolint']}
let g:ale_lint_on_text_changed = 'always'
let g:ale_lint_delay = 50
let g:ale_echo_cursor = 0
set completeopt=menu

let s:problems = []
let s:config = -1
let s:credentials = -1

function! s:Codes(buffer) abort
    let l:codes = {}

    for l:item in ale#engine#GetLoclist(a:buffer)
        if has_key(l:item, 'code')
            let l:codes[l:item.code] = 1
        endif
    endfor

    return l:codes
endfunction

function! s:LineIndex(buffer, text) abort
    let l:lines = getbufline(a:buffer, 1, '$')
    let l:index = index(l:lines, a:text)

    return l:index < 0 ? 0 : l:index + 1
endfunction

function! s:Finish() abort
    call writefile([empty(s:problems) ? 'ok' : join(s:problems, '; ')], $SSOLINT_RESULT, 'b')
    qall!
endfunction

" Step 1.
function! s:OpenStart() abort
    execute 'edit ' . fnameescape($SSOLINT_FILE)
    let s:config = bufnr('')
endfunction

function! s:OpenDone() abort
    let l:codes = s:Codes(s:config)

    return has_key(l:codes, 'S001') && has_key(l:codes, 'K001') && has_key(l:codes, 'R001')
endfunction

function! s:OpenExplain() abort
    return 'filetype=' . getbufvar(s:config, '&filetype')
    \   . ' loclist=' . string(ale#engine#GetLoclist(s:config))
endfunction

" Step 2.
let s:expected_after_fix = []

function! s:PickRename(data, items) abort
    let l:titles = []

    for [l:kind, l:action] in a:items
        call add(l:titles, get(l:action, 'title', '?'))

        if get(l:action, 'title', '') is# 'Rename to `region`'
            call ale#codefix#ApplyLSPCodeAction(a:data, l:action)

            return
        endif
    endfor

    call add(s:problems, 'no rename among the code actions: ' . join(l:titles, ', '))
endfunction

function! s:FixStart() abort
    call append(0, '# team profiles')
    let s:expected_after_fix = getline(1, '$')
    let l:row = s:LineIndex(s:config, 'regoin = eu-west-1')
    let s:expected_after_fix[l:row - 1] = 'region = eu-west-1'
    call cursor(l:row, 1)
    call ale#codefix#Execute(0, function('s:PickRename'))
endfunction

function! s:FixDone() abort
    return getbufline(s:config, 1, '$') ==# s:expected_after_fix
endfunction

function! s:FixExplain() abort
    return 'text after the fix: ' . string(getbufline(s:config, 1, '$'))
endfunction

" Step 3.
function! s:CompleteStart() abort
    call cursor(s:LineIndex(s:config, 'region = eu-w'), 1)
    call feedkeys("A\<C-x>\<C-o>", 'n')
endfunction

function! s:CompleteDone() abort
    if mode() is# 'i' && getline('.') is# 'region = eu-west-1'
        call feedkeys("\<C-y>\<Esc>", 'n')
    endif

    return mode() is# 'n'
    \   && s:LineIndex(s:config, 'region = eu-west-1') > 0
    \   && s:LineIndex(s:config, 'region = eu-w') == 0
endfunction

function! s:CompleteExplain() abort
    return 'mode ' . mode() . ', text: ' . string(getbufline(s:config, 1, '$'))
endfunction

" Step 4.
function! s:CredentialsStart() abort
    execute 'split ' . fnameescape($SSOLINT_COMPANION)
    let s:credentials = bufnr('')
    call append('$', ['[base]', 'aws_access_key_id = AKIAEXAMPLE123456789', 'aws_secret_access_key = x'])
    " What typing does (ALE lints on TextChanged; an appended line from a script is not
    " typed).
    call ale#Queue(0)
endfunction

function! s:CredentialsDone() abort
    let l:codes = s:Codes(s:config)

    return has_key(l:codes, 'S001') && !has_key(l:codes, 'R001')
endfunction

function! s:CredentialsExplain() abort
    return "the config's codes: " . string(keys(s:Codes(s:config)))
endfunction

let s:steps = [
\   ['diagnostics after open', 'Open'],
\   ['quick fix after an edit above', 'Fix'],
\   ['completion after a prefix', 'Complete'],
\   ['editing the credentials file re-lints the config', 'Credentials'],
\]
let s:step = -1
let s:deadline = 0

function! s:Tick(timer) abort
    try
        if s:step >= 0 && !function('s:' . s:steps[s:step][1] . 'Done')()
            if reltimefloat(reltime()) > s:deadline
                call add(s:problems, s:steps[s:step][0] . ': timed out; '
                \   . function('s:' . s:steps[s:step][1] . 'Explain')())
                call s:Finish()
            endif

            return
        endif

        let s:step += 1

        if s:step >= len(s:steps)
            call timer_stop(a:timer)
            call s:Finish()

            return
        endif

        let s:deadline = reltimefloat(reltime()) + 20
        call function('s:' . s:steps[s:step][1] . 'Start')()
    catch
        call add(s:problems, 'step ' . string(s:step) . ': ' . v:exception . ' at ' . v:throwpoint)
        call s:Finish()
    endtry
endfunction

call timer_start(50, function('s:Tick'), {'repeat': -1})
